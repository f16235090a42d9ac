# solmarker.tcl: sourced by the SOL tests' expect scripts once the session
# is up (t/1010, t/1012, t/9520): log in if asked, wait for a prompt, type
# $marker as a command and expect the shell's answer.  Exit 3 without a
# prompt or the answer.
# SPDX-License-Identifier: ISC
#
# If the first Enter brings no prompt within 3 s, press it again as a user
# would (XXX #5: seen rarely while SOL console writes waited for EV_WRITE;
# not reproduced since they are written at once, cause not pinned down).
set timeout 3
set tries 0
send "\r"
expect {
  "login:" { send "root\r"; exp_continue }
  -re {[$#] $} {}
  timeout {
    incr tries
    if {$tries < 5} { send "\r"; exp_continue }
    puts "\nNO-PROMPT"; exit 3
  }
}
set timeout 20
send "$marker\r"
expect {
  "$marker: command not found" {}
  timeout { puts "\nNO-ECHO"; exit 3 }
}
