#pragma once

namespace tg::gait {

struct ContactTransition {
    enum class Kind { none, strike, toe_off };
    Kind kind = Kind::none;
    double time_s = 0.0; // the interpolated threshold crossing, not the confirming sample
};

// Foot contact from a baseline-corrected vertical force: a strike is a rise above
// the strike threshold that stays above the release threshold for the persistence
// time; a toe-off is a fall below the release threshold that stays below the strike
// threshold as long. A recording that starts mid-stance reports nothing until the
// force has first been seen low (the detector "arms" in flight).
class ContactDetector {
public:
    ContactDetector(double strike_threshold_n, double release_threshold_n, double persistence_s);

    ContactTransition update(double time_s, double force_n);
    void reset();

    bool in_flight() const { return state_ == State::flight; }
    bool in_contact() const { return state_ == State::contact || state_ == State::pending_toe_off; }
    bool armed() const { return armed_; }

private:
    enum class State { flight, pending_strike, contact, pending_toe_off };

    static double crossing(double t0, double f0, double t1, double f1, double level);
    bool held(double time_s) const;

    double on_n_;
    double off_n_;
    double persistence_s_;
    State state_ = State::flight;
    bool armed_ = false;
    bool has_previous_ = false;
    double previous_t_ = 0.0;
    double previous_f_ = 0.0;
    double crossing_t_ = 0.0;
};

} // namespace tg::gait
