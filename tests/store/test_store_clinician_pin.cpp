// The clinician PIN is kept only as a salted Argon2id hash and checked against it.
#include "controller/store/clinician_pin.hpp"
#include "tests/store/store_test_fixtures.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace tg::store;
using namespace tg::store::testing;

namespace {

const PinHashCost fast = PinHashCost::minimum();

std::string stored_hash(Store& store) {
    auto value = store.setting(clinician_pin_setting);
    REQUIRE(value.ok());
    REQUIRE(value->has_value());
    return *value.value();
}

} // namespace

TEST_CASE("without a PIN, verify says so and the first PIN needs no old one") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    CHECK_FALSE(has_clinician_pin(store).value());
    auto verify = verify_clinician_pin(store, "1234");
    REQUIRE_FALSE(verify.ok());
    CHECK(verify.error().code == ErrorCode::not_found);
    REQUIRE(set_clinician_pin(store, "482913", std::nullopt, fast).ok());
    CHECK(has_clinician_pin(store).value());
}

TEST_CASE("the right PIN verifies, a wrong one is refused") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    REQUIRE(set_clinician_pin(store, "482913", std::nullopt, fast).ok());
    CHECK(verify_clinician_pin(store, "482913").value());
    for (const char* wrong : {"482914", "48291", "4829130", "", "abcdef", "482913 "}) {
        auto result = verify_clinician_pin(store, wrong);
        REQUIRE(result.ok());
        CHECK_MESSAGE(!result.value(), wrong);
    }
}

TEST_CASE("the stored value is a salted Argon2id hash, not the PIN") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    REQUIRE(set_clinician_pin(store, "482913", std::nullopt, fast).ok());
    const std::string first = stored_hash(store);
    CHECK(first.find("482913") == std::string::npos);
    CHECK(first.rfind("$argon2id$", 0) == 0);
    // Setting the same PIN again gives a different string: a fresh random salt.
    REQUIRE(set_clinician_pin(store, "482913", "482913", fast).ok());
    CHECK(stored_hash(store) != first);
    // The PIN is nowhere in the database file either.
    auto raw =
        store.connection().query_int("SELECT count(*) FROM settings WHERE value LIKE '%482913%'");
    CHECK(raw.value() == 0);
}

TEST_CASE("changing the PIN needs the current one") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    REQUIRE(set_clinician_pin(store, "482913", std::nullopt, fast).ok());
    const std::string before = stored_hash(store);

    auto no_old = set_clinician_pin(store, "1111", std::nullopt, fast);
    REQUIRE_FALSE(no_old.ok());
    CHECK(no_old.error().code == ErrorCode::permission_denied);
    auto wrong_old = set_clinician_pin(store, "1111", "000000", fast);
    REQUIRE_FALSE(wrong_old.ok());
    CHECK(wrong_old.error().code == ErrorCode::permission_denied);
    CHECK(stored_hash(store) == before);
    CHECK(verify_clinician_pin(store, "482913").value());

    REQUIRE(set_clinician_pin(store, "1111", "482913", fast).ok());
    CHECK(verify_clinician_pin(store, "1111").value());
    CHECK_FALSE(verify_clinician_pin(store, "482913").value());
}

TEST_CASE("a PIN must be 4 to 12 digits") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    for (const char* bad : {"", "123", "1234567890123", "12a4", "12 34", "١٢٣٤"}) {
        auto status = set_clinician_pin(store, bad, std::nullopt, fast);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().code == ErrorCode::invalid_argument);
    }
    CHECK_FALSE(has_clinician_pin(store).value());
}

TEST_CASE("the PIN survives reopening, and production cost uses the interactive limits") {
    ScratchDir dir;
    {
        Store store = open_store(dir.db());
        REQUIRE(set_clinician_pin(store, "90210", std::nullopt).ok()); // interactive cost
        const std::string hash = stored_hash(store);
        // Argon2id string carries m (KiB) and t: 64 MiB and 2 passes for interactive.
        CHECK(hash.find("m=65536,t=2") != std::string::npos);
    }
    Store reopened = open_store(dir.db());
    CHECK(verify_clinician_pin(reopened, "90210").value());
    CHECK_FALSE(verify_clinician_pin(reopened, "90211").value());
}

TEST_CASE("a corrupted stored hash is reported, not accepted") {
    ScratchDir dir;
    Store store = open_store(dir.db());
    REQUIRE(store.set_setting(clinician_pin_setting, "1234").ok()); // a plain PIN is not a hash
    auto verify = verify_clinician_pin(store, "1234");
    REQUIRE(verify.ok());
    CHECK_FALSE(verify.value());
    REQUIRE(store.set_setting(clinician_pin_setting, std::string(500, '$')).ok());
    CHECK(verify_clinician_pin(store, "1234").error().code == ErrorCode::database);
}
