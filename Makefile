# bmcsim: one non-recursive GNU Makefile for every program, test and page.
# SPDX-License-Identifier: ISC

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
SHAREDIR ?= $(PREFIX)/share/bmcsim
SYSTEMDDIR ?= $(PREFIX)/lib/systemd/system
CFLAGS ?= -O2 -g
CC ?= cc
FUZZCC ?= clang
# seconds for one test file: a hang fails, never stalls CI
TEST_TIMEOUT ?= 600

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wpointer-arith -Wcast-qual -Wformat=2 -Wvla -Wimplicit-fallthrough -Werror
SAN_1 = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Icommon $(WARN) $(SAN_$(SAN)) $(CFLAGS) -MMD -MP
# --as-needed: a program loads only the shared libraries it calls into
ALL_LDFLAGS = $(SAN_$(SAN)) -Wl,--as-needed $(LDFLAGS)

# no .pc for libev, civetweb or mbedtls 2.28 on Debian 12.  libev and
# mbedtls are linked from their static archives (in libev-dev and
# libmbedtls-dev): each shared library costs a daemon its mapping,
# relocation and page faults at every start, 0.05 ms apiece here, and a
# fleet starts 4000 daemons (mk/bench-fleet.sh)
STATIC_ON = -Wl,-Bstatic
STATIC_OFF = -Wl,-Bdynamic
EV_LIBS ?= $(STATIC_ON) -lev $(STATIC_OFF) -lm
CIVET_LIBS ?= -lcivetweb -lpthread
MBED_LIBS ?= $(STATIC_ON) -lmbedtls -lmbedx509 -lmbedcrypto $(STATIC_OFF)
CJSON_LIBS ?= $(shell pkg-config --libs libcjson 2>/dev/null || echo -lcjson)
CURL_LIBS ?= $(shell pkg-config --libs libcurl 2>/dev/null || echo -lcurl)
VNC_LIBS ?= $(shell pkg-config --libs libvncserver libvncclient 2>/dev/null || echo -lvncserver -lvncclient)

# Every daemon's objects but main.c go into a private archive, so unit tests
# (t/unit/NNNN-*.c, the first digit names the family) link the pure modules.
COMMON_SRC = $(wildcard common/*.c)
POWERD_SRC = $(filter-out powerd/powerctl.c,$(wildcard powerd/*.c))
POWERCTL_SRC = powerd/powerctl.c
IPMID_SRC = $(wildcard ipmid/*.c)
REDFISHD_SRC = $(wildcard redfishd/*.c)
SOLD_SRC = $(wildcard sold/*.c)
VNCD_SRC = $(wildcard vncd/*.c)
HELPER_SRC = $(wildcard t/helper/*.c)
UNIT_SRC = $(wildcard t/unit/*.c)
FUZZ_SRC = $(wildcard t/fuzz/*.c)

lib_of = $(patsubst %.c,%.o,$(filter-out %/main.c,$(1)))
main_of = $(patsubst %.c,%.o,$(filter %/main.c,$(1)))

COMMON_LIB = common/libcommon.a
POWERD_LIB = powerd/libpowerd.a
IPMID_LIB = ipmid/libipmid.a
REDFISHD_LIB = redfishd/libredfishd.a
SOLD_LIB = sold/libsold.a
VNCD_LIB = vncd/libvncd.a

PROGS_SBIN = powerd/powerd ipmid/ipmid redfishd/redfishd sold/sold vncd/vncd
PROGS_BIN = powerd/powerctl
HELPERS = $(HELPER_SRC:.c=)
UNIT_T = $(UNIT_SRC:.c=.t)
ALL_OBJ = $(COMMON_SRC:.c=.o) $(POWERD_SRC:.c=.o) $(POWERCTL_SRC:.c=.o) \
	  $(IPMID_SRC:.c=.o) $(REDFISHD_SRC:.c=.o) $(SOLD_SRC:.c=.o) \
	  $(VNCD_SRC:.c=.o) $(HELPER_SRC:.c=.o) $(UNIT_SRC:.c=.o)

ALL_LIBS = $(EV_LIBS) $(MBED_LIBS) $(CJSON_LIBS) $(CURL_LIBS) $(CIVET_LIBS) $(VNC_LIBS)

.PHONY: all check bench install uninstall clean run fuzz lint deps-build deps-check deps-run
.DELETE_ON_ERROR:
.SECONDARY:

all: $(PROGS_SBIN) $(PROGS_BIN) $(HELPERS)

%.o: %.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# common/mgbind.o defines bind(2) (it hands sockets to civetweb): not in
# the archive, where it would be taken for any program's bind; linked
# into the two daemons that start civetweb late
MGBIND_OBJ = common/mgbind.o
$(COMMON_LIB): $(filter-out $(MGBIND_OBJ),$(COMMON_SRC:.c=.o))
	rm -f $@ && $(AR) rcs $@ $^
$(POWERD_LIB): $(call lib_of,$(POWERD_SRC))
	rm -f $@ && $(AR) rcs $@ $^
$(IPMID_LIB): $(call lib_of,$(IPMID_SRC))
	rm -f $@ && $(AR) rcs $@ $^
$(REDFISHD_LIB): $(call lib_of,$(REDFISHD_SRC))
	rm -f $@ && $(AR) rcs $@ $^
$(SOLD_LIB): $(call lib_of,$(SOLD_SRC))
	rm -f $@ && $(AR) rcs $@ $^
$(VNCD_LIB): $(call lib_of,$(VNCD_SRC))
	rm -f $@ && $(AR) rcs $@ $^

powerd/powerd: $(call main_of,$(POWERD_SRC)) $(POWERD_LIB) $(COMMON_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(EV_LIBS) $(CURL_LIBS) $(CJSON_LIBS) -lutil
powerd/powerctl: powerd/powerctl.o $(COMMON_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CJSON_LIBS)
ipmid/ipmid: $(call main_of,$(IPMID_SRC)) $(IPMID_LIB) $(COMMON_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(EV_LIBS) $(MBED_LIBS) $(CJSON_LIBS)
redfishd/redfishd: $(call main_of,$(REDFISHD_SRC)) $(MGBIND_OBJ) $(REDFISHD_LIB) $(COMMON_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CIVET_LIBS) $(MBED_LIBS) $(CJSON_LIBS) -ldl
sold/sold: $(call main_of,$(SOLD_SRC)) $(SOLD_LIB) $(COMMON_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(EV_LIBS) $(CJSON_LIBS)
# libvncserver and libvncclient are dlopen'd (vncd/vncfn.h); libvncserver
# calls the executable's webSocketsCheck (vncd/rfb.c), so it is exported
vncd/vncd: $(call main_of,$(VNCD_SRC)) $(MGBIND_OBJ) $(VNCD_LIB) $(COMMON_LIB)
	$(CC) $(ALL_LDFLAGS) -Wl,--export-dynamic-symbol=webSocketsCheck -o $@ $^ $(CIVET_LIBS) $(EV_LIBS) $(CJSON_LIBS) -ldl -lpthread

# test helpers (vncgrab, load generators): link everything they might need
t/helper/%: t/helper/%.o $(COMMON_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS) -lpthread

# unit tests: family digit -> archive of that daemon's pure modules
unit_lib = $(if $(filter 1%,$(1)),$(IPMID_LIB),$(if $(filter 2%,$(1)),$(REDFISHD_LIB),$(if $(filter 3%,$(1)),$(SOLD_LIB),$(if $(filter 4%,$(1)),$(VNCD_LIB),$(if $(filter 5%,$(1)),$(POWERD_LIB),)))))
.SECONDEXPANSION:
t/unit/%.t: t/unit/%.o $$(call unit_lib,$$*) $(COMMON_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS) -lutil -lpthread

# libFuzzer harnesses: t/fuzz/NNNN-name.c, same family rule, built with clang
FUZZ_BIN = $(FUZZ_SRC:.c=)
FUZZ_FLAGS = -std=c11 -D_GNU_SOURCE -Icommon -g -O1 -fsanitize=fuzzer,address,undefined
fuzz: $(FUZZ_BIN)
t/fuzz/%: t/fuzz/%.c $$(wildcard $$(dir $$(call unit_lib,$$*))*.c) $(COMMON_SRC)
	$(FUZZCC) $(FUZZ_FLAGS) -o $@ $< $(filter-out %/main.c,$(wildcard $(dir $(call unit_lib,$*))*.c)) $(COMMON_SRC) $(ALL_LIBS) -lutil -lpthread

# Debian packages: each entry point checks (and as root installs) what it needs
deps-build:
	@sh mk/deps.sh build
deps-check:
	@sh mk/deps.sh check
deps-run:
	@sh mk/deps.sh run

check: deps-check
	$(MAKE) all $(UNIT_T)
	prove -r --exec 'timeout -k 10 $(TEST_TIMEOUT)' $(PROVE_FLAGS) t

bench: deps-check
	$(MAKE) all
	sh mk/bench.sh

run: deps-run
	$(MAKE) all
	sh mk/lab.sh $(if $(SERVERS),-n $(SERVERS)) $(if $(AGGREGATE),-A)

lint:
	mandoc -Tlint -Wwarning man/*.[158]

install: $(PROGS_SBIN) $(PROGS_BIN)
	install -d "$(DESTDIR)$(SBINDIR)" "$(DESTDIR)$(BINDIR)" \
	    "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(MANDIR)/man5" "$(DESTDIR)$(MANDIR)/man8" \
	    "$(DESTDIR)$(SHAREDIR)" "$(DESTDIR)$(SYSTEMDDIR)"
	install -m 755 $(PROGS_SBIN) "$(DESTDIR)$(SBINDIR)"
	install -m 755 $(PROGS_BIN) "$(DESTDIR)$(BINDIR)"
	for f in man/*.1; do [ -f "$$f" ] && install -m 644 "$$f" "$(DESTDIR)$(MANDIR)/man1"; done; true
	for f in man/*.5; do [ -f "$$f" ] && install -m 644 "$$f" "$(DESTDIR)$(MANDIR)/man5"; done; true
	for f in man/*.8; do [ -f "$$f" ] && install -m 644 "$$f" "$(DESTDIR)$(MANDIR)/man8"; done; true
	for f in compose/systemd/*.service; do [ -f "$$f" ] && install -m 644 "$$f" "$(DESTDIR)$(SYSTEMDDIR)"; done; true

uninstall:
	rm -f $(addprefix "$(DESTDIR)$(SBINDIR)"/,$(notdir $(PROGS_SBIN)))
	rm -f $(addprefix "$(DESTDIR)$(BINDIR)"/,$(notdir $(PROGS_BIN)))
	rm -f "$(DESTDIR)$(MANDIR)"/man1/powerctl.1 "$(DESTDIR)$(MANDIR)"/man5/bmcsim.conf.5
	rm -f $(addprefix "$(DESTDIR)$(MANDIR)"/man8/,powerd.8 ipmid.8 redfishd.8 sold.8 vncd.8)

clean:
	rm -f $(ALL_OBJ) $(ALL_OBJ:.o=.d) $(PROGS_SBIN) $(PROGS_BIN) $(HELPERS) $(UNIT_T) \
	    $(FUZZ_BIN) common/*.a powerd/*.a ipmid/*.a redfishd/*.a sold/*.a vncd/*.a

-include $(ALL_OBJ:.o=.d)
