// Secrets and permissions (issue 10 items 12, 13, 17): the audit log never holds a
// PIN (old rows scrubbed, new ones refused), it names the client besides the person,
// and the database, its -wal and the directories the store creates are 0640/0750
// whatever the umask.
#include "controller/store/private_files.hpp"
#include "controller/store/schema_migrations.hpp"
#include "controller/store/store.hpp"
#include "tests/store/store_test_fixtures.hpp"

#include <doctest/doctest.h>
#include <string>
#include <sys/stat.h>

using namespace tg::store;
using namespace tg::store::testing;

namespace {

unsigned mode_of(const std::filesystem::path& path) {
    struct stat st {};
    REQUIRE(stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

// Restores the umask at scope exit.
struct Umask {
    explicit Umask(mode_t mask) : old(umask(mask)) {}
    ~Umask() { umask(old); }
    mode_t old;
};

AuditEntry entry(std::string what, std::string new_value) {
    AuditEntry e;
    e.who = "clinician";
    e.when_unix_ms = sample_start_ms;
    e.what = std::move(what);
    e.new_value = std::move(new_value);
    return e;
}

} // namespace

TEST_CASE("old audit rows holding the clinician PIN are scrubbed by the migration") {
    ScratchDir dir;
    {
        auto db = sqlite::Connection::open(dir.db());
        REQUIRE(db.ok());
        REQUIRE(migrate(db.value(), schema_migrations().first(5)).ok());
        // What the old caps.set handler wrote: the whole request, PIN included.
        REQUIRE(db->exec(R"sql(
INSERT INTO audit_log (who, when_unix_ms, when_utc, what, old_value, new_value, why) VALUES
 ('clinician', 1, 'x', 'caps.set Ana', '',
  '{"cmd":"caps.set","pin":"1234","runner":"Ana","speed_kmh":9}', 'knee better'),
 ('clinician', 2, 'x', 'pin.set', '', '{"new_pin":"5678","old_pin":"1234"}', 'PIN changed'),
 ('clinician', 3, 'x', 'note', '', 'req {"nested":{"pin":"4321"}} was logged', ''),
 ('clinician', 4, 'x', 'profile.assign Ana', 'pfp', 'walk-run', 'spin class');
)sql")
                    .ok());
    }
    Store store = open_store(dir.db());
    auto log = store.audit_log();
    REQUIRE(log.ok());
    REQUIRE(log->size() == 4);
    for (const AuditEntry& e : log.value())
        for (const std::string* text : {&e.what, &e.old_value, &e.new_value, &e.why}) {
            CAPTURE(*text);
            CHECK(text->find("1234") == std::string::npos);
            CHECK(text->find("5678") == std::string::npos);
            CHECK(text->find("4321") == std::string::npos);
        }
    const auto caps = nlohmann::json::parse(log->at(0).new_value);
    CHECK(caps["runner"] == "Ana"); // the rest of the request is kept
    CHECK(caps["speed_kmh"] == 9);
    CHECK_FALSE(caps.contains("pin"));
    CHECK(log->at(1).new_value == "{}");
    CHECK(log->at(3).why == "spin class"); // "pin" inside a word is not a PIN field
    CHECK(log->at(3).client.empty());
}

TEST_CASE("append_audit refuses an entry that carries a PIN field") {
    StoreWithSession s;
    for (const char* text :
         {R"({"cmd":"caps.set","pin":"1234"})", R"({"new_pin":"1"})", "old_pin=1234"}) {
        CAPTURE(text);
        auto refused = s.store.append_audit(entry("caps.set Ana", text));
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == ErrorCode::invalid_argument);
        CHECK(refused.error().message.find("PIN") != std::string::npos);
    }
    AuditEntry why = entry("pin.set", "");
    why.why = R"(request {"pin":"0000"})";
    CHECK_FALSE(s.store.append_audit(why).ok());
    CHECK(s.store.append_audit(entry("pin.set", "")).ok()); // the action itself is fine
    CHECK(s.store.audit_log()->size() == 1);
}

TEST_CASE("the audit log names the client that sent the request besides the person") {
    StoreWithSession s;
    AuditEntry e = entry("emergency_stop", "");
    e.who = "operator";
    e.client = "hmi uid=1000";
    REQUIRE(s.store.append_audit(e).ok());
    auto log = s.store.audit_log();
    REQUIRE(log->size() == 1);
    CHECK(log->front().who == "operator");
    CHECK(log->front().client == "hmi uid=1000");
}

TEST_CASE("database, -wal and created directories are 0640/0750 whatever the umask") {
    ScratchDir dir;
    Umask open_umask(0);
    const std::filesystem::path nested = dir.path() / "a" / "b";
    StoreOptions options;
    options.create_parent_directories = true;
    auto store = Store::open(nested / "treadguard.db", options);
    REQUIRE(store.ok());
    REQUIRE(store->add_runner(sample_runner()).ok());
    CHECK(mode_of(dir.path() / "a") == 0750);
    CHECK(mode_of(nested) == 0750);
    CHECK(mode_of(nested / "treadguard.db") == 0640);
    REQUIRE(std::filesystem::exists(nested / "treadguard.db-wal"));
    CHECK(mode_of(nested / "treadguard.db-wal") == 0640);
    CHECK_FALSE(std::filesystem::exists(nested / "treadguard.db-shm"));
    CHECK(mode_of(dir.path()) == 0700); // an existing directory is left alone
}

TEST_CASE("an existing world-readable database is made 0640 when opened") {
    ScratchDir dir;
    { Store store = open_store(dir.db()); }
    REQUIRE(chmod(dir.db().c_str(), 0644) == 0);
    { Store store = open_store(dir.db()); }
    CHECK(mode_of(dir.db()) == 0640);
}

TEST_CASE("private file helpers: 0640 files, 0750 directories, symlinks refused") {
    ScratchDir dir;
    Umask open_umask(0);
    REQUIRE(create_private_directories(dir.path() / "rec" / "2025").ok());
    CHECK(mode_of(dir.path() / "rec") == 0750);
    CHECK(mode_of(dir.path() / "rec" / "2025") == 0750);
    const auto file = dir.path() / "rec" / "2025" / "session-1.csv";
    REQUIRE(create_private_file(file).ok());
    CHECK(mode_of(file) == 0640);
    REQUIRE(chmod(file.c_str(), 0666) == 0);
    REQUIRE(restrict_permissions(file).ok());
    CHECK(mode_of(file) == 0640);
    std::filesystem::create_symlink(file, dir.path() / "link");
    CHECK_FALSE(restrict_permissions(dir.path() / "link").ok());
    auto missing = restrict_permissions(dir.path() / "nope");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("nope") != std::string::npos);
}
