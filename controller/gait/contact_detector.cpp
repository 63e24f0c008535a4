#include "controller/gait/contact_detector.hpp"

namespace tg::gait {

ContactDetector::ContactDetector(double strike_threshold_n, double release_threshold_n,
                                 double persistence_s)
    : on_n_(strike_threshold_n), off_n_(release_threshold_n), persistence_s_(persistence_s) {}

void ContactDetector::reset() {
    state_ = State::flight;
    armed_ = false;
    has_previous_ = false;
}

double ContactDetector::crossing(double t0, double f0, double t1, double f1, double level) {
    if (f1 == f0) return t1;
    const double fraction = (level - f0) / (f1 - f0);
    if (fraction < 0.0 || fraction > 1.0) return t1;
    return t0 + fraction * (t1 - t0);
}

bool ContactDetector::held(double time_s) const {
    constexpr double tolerance_s = 1e-9;
    return time_s - crossing_t_ >= persistence_s_ - tolerance_s;
}

ContactTransition ContactDetector::update(double time_s, double force_n) {
    ContactTransition out;
    const double t0 = has_previous_ ? previous_t_ : time_s;
    const double f0 = has_previous_ ? previous_f_ : force_n;
    switch (state_) {
    case State::flight:
        if (force_n < off_n_) armed_ = true;
        if (armed_ && force_n > on_n_) {
            crossing_t_ = crossing(t0, f0, time_s, force_n, on_n_);
            state_ = State::pending_strike;
        }
        break;
    case State::pending_strike:
        if (force_n < off_n_) {
            state_ = State::flight;
        } else if (held(time_s)) {
            state_ = State::contact;
            out = {ContactTransition::Kind::strike, crossing_t_};
        }
        break;
    case State::contact:
        if (force_n < off_n_) {
            crossing_t_ = crossing(t0, f0, time_s, force_n, off_n_);
            state_ = State::pending_toe_off;
        }
        break;
    case State::pending_toe_off:
        if (force_n > on_n_) {
            state_ = State::contact;
        } else if (held(time_s)) {
            state_ = State::flight;
            out = {ContactTransition::Kind::toe_off, crossing_t_};
        }
        break;
    }
    // A confirmation can happen on the very sample that crosses when persistence is 0.
    if (state_ == State::pending_strike && out.kind == ContactTransition::Kind::none &&
        held(time_s)) {
        state_ = State::contact;
        out = {ContactTransition::Kind::strike, crossing_t_};
    }
    has_previous_ = true;
    previous_t_ = time_s;
    previous_f_ = force_n;
    return out;
}

} // namespace tg::gait
