#pragma once
// Checks a record before it reaches SQL, so bad input gets a message naming the
// field and the accepted range instead of a constraint error or a silent NaN.

#include "controller/store/records.hpp"
#include "controller/store/store_result.hpp"

namespace tg::store {

Status validate(const Runner& runner);
Status validate(const PlanDay& plan);
Status validate(const SessionStart& start);
Status validate(const SessionEnd& end);
Status validate(const StepRecord& step);
Status validate(const PainReport& report);
Status validate(const CheckIn& checkin);
Status validate(const AlarmRecord& alarm);
Status validate(const AuditEntry& entry);
Status validate(const ClinicianClearance& clearance);
Status validate(const EntryCheckAnswer& answer);

} // namespace tg::store
