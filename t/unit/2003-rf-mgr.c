/* 2003-rf-mgr.c: the -E endpoint list, the listener address, HostName. */
/* SPDX-License-Identifier: ISC */

#include <stdio.h>
#include <string.h>

#include "../../redfishd/rf.h"
#include "../tap.h"

int
main(void)
{
	struct rf_mgr	 m;
	char		 err[128], h[RF_HOST_MAX], long_[65];

	memset(&m, 0, sizeof(m));
	rf_mgr_init(&m, "srv7");
	rf_mgr_hostname(&m, h, sizeof(h));
	is_str(h, "bmc-srv7", "default HostName");
	is_int(rf_mgr_endpoints(&m, "ipmi=623,vnc=5900,novnc=6080,telnet=2300",
	    err, sizeof(err)), 0, "full list");
	is_int(m.ipmi_port, 623, "ipmi");
	is_int(m.vnc_port, 5900, "vnc");
	is_int(m.novnc_port, 6080, "novnc");
	is_int(m.telnet_port, 2300, "telnet");
	is_int(rf_mgr_endpoints(&m, "ipmi=0,ipmi=6230", err, sizeof(err)), 0,
	    "a name twice: the last wins");
	is_int(m.ipmi_port, 6230, "ipmi again");
	is_int(rf_mgr_endpoints(&m, "ipmi=65536", err, sizeof(err)), -1,
	    "port too large");
	is_str(err, "endpoint ipmi: port \"65536\" not 0..65535", "error text");
	is_int(rf_mgr_endpoints(&m, "ipmi=-1", err, sizeof(err)), -1,
	    "negative port");
	is_int(rf_mgr_endpoints(&m, "ipmi=12x", err, sizeof(err)), -1,
	    "trailing junk");
	is_int(rf_mgr_endpoints(&m, "ipmi=", err, sizeof(err)), -1,
	    "empty port");
	is_int(rf_mgr_endpoints(&m, "ssh=22", err, sizeof(err)), -1,
	    "unknown name");
	is_int(rf_mgr_endpoints(&m, "", err, sizeof(err)), -1, "empty list");
	is_int(rf_mgr_endpoints(&m, "vnc=1,", err, sizeof(err)), -1,
	    "trailing comma");
	is_int(rf_mgr_endpoints(&m, "ipmi623", err, sizeof(err)), -1,
	    "no '='");
	is_int(m.ipmi_port, 6230, "failures leave earlier ports");

	is_int(rf_mgr_addr(&m, "127.0.1.3:8000"), 0, "addr:port");
	is_str(m.addr, "127.0.1.3", "the address");
	is_int(rf_mgr_addr(&m, "8000"), 0, "port only");
	is_str(m.addr, "0.0.0.0", "any address");
	is_int(rf_mgr_addr(&m, "[::1]:8000"), -1, "IPv6: no IPv4 address");
	is_str(m.addr, "", "left empty");
	is_int(rf_mgr_addr(&m, "localhost:8000"), -1, "a name: no address");

	ok(rf_mgr_hostname_ok("rack7-bmc"), "label");
	ok(rf_mgr_hostname_ok("a"), "one letter");
	ok(!rf_mgr_hostname_ok(""), "empty");
	ok(!rf_mgr_hostname_ok("-a"), "leading hyphen");
	ok(!rf_mgr_hostname_ok("a-"), "trailing hyphen");
	ok(!rf_mgr_hostname_ok("a.b"), "a dot");
	ok(!rf_mgr_hostname_ok("a_b"), "underscore");
	memset(long_, 'a', sizeof(long_) - 1);
	long_[sizeof(long_) - 1] = '\0';
	ok(!rf_mgr_hostname_ok(long_), "64 characters");
	long_[63] = '\0';
	ok(rf_mgr_hostname_ok(long_), "63 characters");
	rf_mgr_set_hostname(&m, "rack7-bmc");
	rf_mgr_hostname(&m, h, sizeof(h));
	is_str(h, "rack7-bmc", "set HostName");
	return done_testing();
}
