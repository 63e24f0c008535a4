#include "controller/protocol/profile_loader.hpp"

#include "controller/protocol/strict_table.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace tg::protocol {
namespace {

ProfileKind read_kind(StrictTable& table) {
    const std::string kind = table.text("kind");
    if (kind == "pain-free-limit") return ProfileKind::pain_free_limit;
    if (kind == "walk-run") return ProfileKind::walk_run;
    if (kind == "cadence-retraining") return ProfileKind::cadence_retraining;
    table.fail("kind",
               "must be \"pain-free-limit\", \"walk-run\" or \"cadence-retraining\", not \"" +
                   kind + "\"");
}

PainRules read_pain(StrictTable table) {
    PainRules pain;
    pain.max_threshold = table.number("max_threshold", 0.0, hard_max_pain_threshold);
    pain.threshold = table.number("threshold", 0.0, pain.max_threshold);
    // Optional: the defaults are the hard bound and clinic defaults (profiles/README.md).
    if (const auto above =
            table.optional_number("escalate_above", pain.threshold, hard_max_pain_threshold))
        pain.escalate_above = *above;
    if (table.has("escalate_after_threshold_sessions"))
        pain.escalate_after_threshold_sessions =
            table.integer("escalate_after_threshold_sessions", 1, 10);
    if (table.has("severe_pain_cool_down_s"))
        pain.severe_pain_cool_down_s = table.integer("severe_pain_cool_down_s", 0, 600);
    table.finish();
    return pain;
}

WalkSpec read_walk(StrictTable table) {
    WalkSpec walk;
    walk.duration_s = table.integer("duration_s", 0, 3600);
    walk.speed_kmh = table.number("speed_kmh", 0.5, 8.0);
    table.finish();
    return walk;
}

RestRules read_rest(StrictTable table) {
    RestRules rest;
    rest.min_rest_days_between_runs = table.integer("min_rest_days_between_runs", 1, 6);
    rest.days_off_after_soreness = table.integer("days_off_after_soreness", 1, 14);
    rest.regress_after_gap_days = table.integer("regress_after_gap_days", 2, 60);
    table.finish();
    return rest;
}

ProgressionRules read_progression(StrictTable table) {
    ProgressionRules rules;
    rules.symptom_free_sessions_to_progress =
        table.integer("symptom_free_sessions_to_progress", 2, 10);
    rules.max_volume_growth_2wk = table.number("max_volume_growth_2wk", 0.0, 0.30);
    rules.volume_floor_run_s_2wk = table.integer("volume_floor_run_s_2wk", 0, 4 * 3600);
    rules.regress_fraction = table.number("regress_fraction", 0.3, 0.95);
    rules.min_share_of_cap = table.number("min_share_of_cap", 0.1, 1.0);
    table.finish();
    return rules;
}

BreakReturnRules read_break_return(StrictTable table, const RestRules& rest) {
    BreakReturnRules rules;
    rules.half_after_days = table.integer("half_after_days", rest.regress_after_gap_days, 120);
    rules.restart_after_days = table.integer("restart_after_days", rules.half_after_days, 365);
    rules.source = table.text("source");
    table.finish();
    return rules;
}

std::vector<EntryCheckSpec> read_entry_checks(std::vector<StrictTable> tables) {
    std::vector<EntryCheckSpec> checks;
    for (StrictTable& table : tables) {
        EntryCheckSpec check;
        check.id = table.text("id");
        check.question = table.text("question");
        check.asked_of = table.text("asked_of");
        if (check.asked_of != "runner" && check.asked_of != "clinician")
            table.fail("asked_of", "must be \"runner\" or \"clinician\"");
        for (const EntryCheckSpec& other : checks)
            if (other.id == check.id) table.fail("id", "\"" + check.id + "\" is used twice");
        table.finish();
        checks.push_back(check);
    }
    return checks;
}

CheckInRules read_check_in(StrictTable table) {
    CheckInRules rules;
    rules.missed_for_clinician_prompt = table.integer("missed_for_clinician_prompt", 1, 10);
    table.finish();
    return rules;
}

LoadingRateRules read_loading_rate(StrictTable table) {
    LoadingRateRules rules;
    rules.advisory_bw_per_s = table.number("advisory_bw_per_s", 10.0, 200.0);
    rules.method = table.text("method");
    rules.cadence_cue_when_high = table.boolean("cadence_cue_when_high");
    table.finish();
    return rules;
}

LimitRules read_limit(StrictTable table) {
    LimitRules rules;
    rules.start_speed_fraction = table.number("start_speed_fraction", 0.5, 1.0);
    rules.first_run_cap_s = table.integer("first_run_cap_s", 60, 3600);
    rules.min_run_s = table.integer("min_run_s", 30, rules.first_run_cap_s);
    rules.cap_growth = table.number("cap_growth", 0.0, 0.5);
    rules.speed_step_kmh = table.number("speed_step_kmh", 0.1, 2.0);
    rules.min_run_speed_kmh = table.number("min_run_speed_kmh", 3.0, 12.0);
    table.finish();
    return rules;
}

std::vector<FrequencyStep> read_frequency(std::vector<StrictTable> tables) {
    std::vector<FrequencyStep> steps;
    for (StrictTable& table : tables) {
        FrequencyStep step;
        step.from_cap_fraction = table.number("from_cap_fraction", 0.0, 1.0);
        step.runs_per_week = table.integer("runs_per_week", 1, 7);
        table.finish();
        if (steps.empty() && step.from_cap_fraction != 0.0)
            table.fail("from_cap_fraction", "of the first step must be 0");
        if (!steps.empty() && step.from_cap_fraction <= steps.back().from_cap_fraction)
            table.fail("from_cap_fraction", "must grow from step to step");
        if (!steps.empty() && step.runs_per_week < steps.back().runs_per_week)
            table.fail("runs_per_week", "must not shrink as the cap grows");
        steps.push_back(step);
    }
    return steps;
}

ConsecutiveDayTest read_consecutive(StrictTable table) {
    ConsecutiveDayTest test;
    test.after_symptom_free_weeks = table.integer("after_symptom_free_weeks", 1, 26);
    table.finish();
    return test;
}

WalkRunPhaseSpec read_walk_run_phase(StrictTable table) {
    WalkRunPhaseSpec phase;
    phase.walk_s = table.integer("walk_s", 0, 1800);
    phase.run_s = table.integer("run_s", 0, 3600);
    phase.distance_m = table.number("distance_m", 100.0, 42195.0);
    phase.effort = table.integer("effort", 1, 10);
    table.finish();
    if (phase.run_s == 0 && phase.walk_s != 0)
        table.fail("run_s", "is 0 (continuous running), so walk_s must be 0 too");
    if (phase.walk_s == 0 && phase.run_s != 0)
        table.fail("walk_s", "is 0 (continuous running), so run_s must be 0 too");
    return phase;
}

WalkRunRules read_walk_run(StrictTable table) {
    WalkRunRules rules;
    rules.walk_speed_kmh = table.number("walk_speed_kmh", 1.0, 8.0);
    rules.run_speed_fraction = table.number("run_speed_fraction", 0.5, 1.0);
    rules.runs_per_week = table.integer("runs_per_week", 1, 4);
    for (StrictTable& phase : table.array_of_tables("phase"))
        rules.phases.push_back(read_walk_run_phase(std::move(phase)));
    table.finish();
    return rules;
}

CadenceRules read_cadence(StrictTable table) {
    CadenceRules rules;
    rules.measure_s = table.integer("measure_s", 30, 600);
    rules.min_increase = table.number("min_increase", 0.0, 0.15);
    rules.max_increase = table.number("max_increase", rules.min_increase, 0.15);
    rules.target_increase = table.number("target_increase", rules.min_increase, rules.max_increase);
    if (const auto max_baseline = table.optional_number("max_baseline_for_cue_spm", 120.0, 220.0))
        rules.max_baseline_for_cue_spm = *max_baseline;
    table.finish();
    return rules;
}

void require_section(StrictTable& root, std::string_view key, bool wanted, const char* kind) {
    if (wanted && !root.has(key))
        root.fail_here("a " + std::string(kind) + " profile needs [" + std::string(key) + "]");
    if (!wanted && root.has(key))
        root.fail(key, "does not belong in a " + std::string(kind) + " profile");
}

void read_kind_sections(StrictTable& root, Profile& profile) {
    const bool walk_run = profile.kind == ProfileKind::walk_run;
    const char* kind = to_string(profile.kind);
    require_section(root, "limit", !walk_run, kind);
    require_section(root, "frequency", !walk_run, kind);
    require_section(root, "walk_run", walk_run, kind);
    if (profile.kind == ProfileKind::cadence_retraining)
        require_section(root, "cadence", true, kind);
    if (walk_run) {
        profile.walk_run = read_walk_run(root.table("walk_run"));
    } else {
        profile.limit = read_limit(root.table("limit"));
        profile.frequency = read_frequency(root.array_of_tables("frequency"));
    }
    if (auto table = root.optional_table("consecutive_days"))
        profile.consecutive_days = read_consecutive(std::move(*table));
    if (auto table = root.optional_table("cadence"))
        profile.cadence = read_cadence(std::move(*table));
    if (auto table = root.optional_table("feedback"))
        profile.feedback = read_feedback(std::move(*table));
}

Profile read_profile(const toml::table& document, const std::string& file_name) {
    StrictTable root(document, file_name, "");
    Profile profile;
    profile.file = file_name;
    StrictTable header = root.table("profile");
    profile.name = header.text("name");
    profile.kind = read_kind(header);
    profile.description = header.text("description");
    header.finish();
    profile.pain = read_pain(root.table("pain"));
    profile.warm_up = read_walk(root.table("warm_up"));
    profile.cool_down = read_walk(root.table("cool_down"));
    profile.rest = read_rest(root.table("rest"));
    profile.progression = read_progression(root.table("progression"));
    profile.loading_rate = read_loading_rate(root.table("loading_rate"));
    if (auto table = root.optional_table("return_after_break"))
        profile.break_return = read_break_return(std::move(*table), profile.rest);
    if (auto table = root.optional_table("check_in"))
        profile.check_in = read_check_in(std::move(*table));
    if (root.has("entry_check"))
        profile.entry_checks = read_entry_checks(root.array_of_tables("entry_check"));
    read_kind_sections(root, profile);
    root.finish();
    return profile;
}

} // namespace

Profile parse_profile(std::string_view text, const std::string& file_name) {
    toml::table document;
    try {
        document = toml::parse(text, file_name);
    } catch (const toml::parse_error& error) {
        throw ProfileError(file_name, static_cast<int>(error.source().begin.line),
                           std::string(error.description()));
    }
    return read_profile(document, file_name);
}

Profile load_profile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ProfileError(file.string(), 0, "cannot open the file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_profile(text.str(), file.string());
}

Profile load_named_profile(const std::filesystem::path& directory, const std::string& name) {
    // A name, never a path: only the profiles a clinician installed in the directory can be
    // chosen, not any TOML file a local user can write (say /tmp/fast.toml).
    const bool plain =
        !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char ch) {
            return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
        });
    if (!plain)
        throw ProfileError(name, 0,
                           "a profile is chosen by name (lower-case letters, digits, '-', '_'), "
                           "from " +
                               directory.string());
    const std::filesystem::path file = directory / (name + ".toml");
    Profile profile = load_profile(file);
    if (profile.name != name)
        throw ProfileError(file.string(), 0,
                           "profile.name is \"" + profile.name + "\" but the file is " + name +
                               ".toml");
    return profile;
}

} // namespace tg::protocol
