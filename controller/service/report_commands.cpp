// The progress report as an API command, so every client gets the same PDF from the same
// records: gathered on the worker thread (service/progress_report), drawn with cairo into a
// private temporary file, sent back as base64.
#include "controller/api/api_requests.hpp"
#include "controller/protocol/day_number.hpp"
#include "controller/report/pdf_report.hpp"
#include "controller/report/report_error.hpp"
#include "controller/service/api_handlers.hpp"
#include "controller/service/api_limits.hpp"
#include "controller/service/api_reply_builders.hpp"
#include "controller/service/api_request_fields.hpp"
#include "controller/service/progress_report.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sodium.h>
#include <sstream>
#include <unistd.h>

namespace tg::service {

using json = nlohmann::json;
namespace bounds = api::bounds;

namespace {

std::string date_field(const std::optional<std::string>& value, const char* key) {
    const auto date = text(value, key, bounds::date_bytes);
    if (!date) return {};
    if (!protocol::parse_day(*date))
        throw RequestError(std::string("'") + key + "' must be YYYY-MM-DD");
    return *date;
}

// A file only this process can read, removed once read back.
class TemporaryPdf {
public:
    TemporaryPdf() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "treadguard-report-XXXXXX").string();
        const int fd = mkstemp(pattern.data());
        if (fd < 0) throw report::ReportError("cannot create a temporary file for the report");
        close(fd);
        path_ = pattern;
    }
    ~TemporaryPdf() { std::remove(path_.c_str()); }
    TemporaryPdf(const TemporaryPdf&) = delete;
    TemporaryPdf& operator=(const TemporaryPdf&) = delete;
    const std::string& path() const { return path_; }
    std::string bytes() const {
        std::ifstream in(path_, std::ios::binary);
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }

private:
    std::string path_;
};

std::string base64(const std::string& bytes) {
    const auto variant = sodium_base64_VARIANT_ORIGINAL;
    std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), variant);
    out.resize(out.size() - 1); // the terminating NUL
    return out;
}

} // namespace

bool ApiHandlers::report_commands(store::Store& db, const Caller& caller, const std::string& cmd,
                                  const json& req, const Send& send) {
    if (cmd != "report") return false;
    const auto r = decode_request<api::ReportRequest>(req);
    const std::string& name = text(r.runner, "runner", bounds::name_bytes);
    const ReportPeriod period{date_field(r.from, "from"), date_field(r.to, "to")};
    if (!period.from.empty() && !period.to.empty() && period.to < period.from)
        throw RequestError("'to' is before 'from'");
    const std::string paper = text(r.paper, "paper", bounds::format_bytes).value_or("a4");
    if (paper != "a4" && paper != "letter") throw RequestError("'paper' must be a4 or letter");
    // The audit names who changed what: a clinician's PIN opens it, as for `audit`.
    if (r.pin)
        if (auto bad = check_pin(db, caller, r.pin)) return send(error_reply("pin", *bad)), true;
    auto runner = db.find_runner(name);
    if (!runner.ok()) return send(store_error(runner.error())), true;
    auto gathered = gather_report(db, config_, runner.value(), period, r.pin.has_value());
    if (auto* e = std::get_if<ReportRequestError>(&gathered))
        return send(error_reply("store", e->message)), true;
    auto& data = std::get<report::ReportData>(gathered);
    data.clinician = text(r.clinician, "clinician", bounds::name_bytes).value_or("");
    try {
        TemporaryPdf pdf;
        const int pages = report::render_report_pdf(
            data, pdf.path(), paper == "letter" ? report::Paper::letter : report::Paper::a4);
        report::release_font_caches();
        const std::string bytes = pdf.bytes();
        if (bytes.size() * 4 / 3 > kMaxReplyBytes)
            return send(error_reply("refused", "the report is larger than the API's reply limit")),
                   true;
        send({{"ok", true},
              {"pages", pages},
              {"sessions", data.sessions.size()},
              {"audit_included", data.audit_included},
              {"period", {{"from", data.period_from}, {"to", data.period_to}}},
              {"pdf_base64", base64(bytes)}});
    } catch (const report::ReportError& e) {
        send(error_reply("report", e.what()));
    }
    return true;
}

} // namespace tg::service
