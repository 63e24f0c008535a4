#include "controller/cli/report_command.hpp"

#include "controller/api/api_requests.hpp"
#include "controller/cli/command.hpp"
#include "controller/cli/controller_request.hpp"

#include <filesystem>
#include <fstream>
#include <sodium.h>
#include <stdexcept>

namespace tg::cli {

using json = nlohmann::json;

namespace {

constexpr const char* report_help =
    "usage: treadguard report RUNNER --pdf FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
    "             [--paper a4|letter] [--pin PIN] [--clinician NAME]\n"
    "The episode-of-care progress report as PDF: pain-free limit, weekly volume with the\n"
    "+30 %/2-weeks band, runs per week, cadence, loading rate, symmetry, pain and check-ins,\n"
    "the sessions, the protocol's reasons and (with the clinician PIN) the audit of cap changes.\n";

std::string bytes_of_base64(const std::string& text) {
    std::string bytes(text.size() / 4 * 3 + 3, '\0');
    std::size_t n = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                          text.size(), nullptr, &n, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        throw std::runtime_error("the controller's report is not valid base64");
    bytes.resize(n);
    return bytes;
}

// Written beside the target and renamed over it: a failed write never leaves half a PDF.
void write_file(const std::string& path, const std::string& bytes) {
    const std::string tmp = path + ".part";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!f) throw std::runtime_error("cannot write " + path);
    }
    std::filesystem::rename(tmp, path);
}

} // namespace

int run_report(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h") {
            out << report_help;
            return exit_ok;
        }
    return guarded("report", err, [&] {
        Arguments a(args, {}, {"--pdf", "--from", "--to", "--paper", "--pin", "--clinician"});
        api::ReportRequest request;
        request.runner = a.positional_at(0, "RUNNER");
        const auto pdf = a.option("--pdf");
        if (!pdf) throw UsageError("--pdf FILE is required");
        request.paper = a.option("--paper").value_or("a4");
        if (request.paper != "a4" && request.paper != "letter")
            throw UsageError("--paper is a4 or letter");
        request.from = a.option("--from");
        request.to = a.option("--to");
        request.pin = a.option("--pin");
        request.clinician = a.option("--clinician");
        // The controller gathers and draws it (API `report`): one report for every client.
        int code = exit_ok;
        const int rc = controller_request(args, json(request), out, err, [&](const json& reply) {
            try {
                write_file(*pdf, bytes_of_base64(reply.at("pdf_base64").get<std::string>()));
            } catch (const std::exception& e) {
                err << "treadguard report: " << e.what() << "\n";
                code = exit_failure;
                return;
            }
            out << "wrote " << *pdf << " (" << reply.at("pages").get<int>() << " pages, "
                << reply.at("sessions").get<int>() << " sessions"
                << (reply.value("audit_included", false) ? ", with the audit" : "") << ")\n";
        });
        return rc != exit_ok ? rc : code;
    });
}

} // namespace tg::cli
