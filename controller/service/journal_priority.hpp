#pragma once
// Priority levels in the journal: under systemd, journald reads a leading "<N>" on a line
// of stdout or stderr as its syslog priority (SyslogLevelPrefix=, on by default), so errors
// show as errors (journalctl -p err). Only when the stream really is the journal
// ($JOURNAL_STREAM names its device and inode); on a terminal or in a file, nothing.
#include <string>
#include <syslog.h>

namespace tg::service {

// "<priority>" if file descriptor `fd` is the journal stream systemd gave us, else "".
std::string journal_prefix(int fd, int priority);

} // namespace tg::service
