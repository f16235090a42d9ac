/* vncd.h: vncd's shared state and the seams between its glue modules. */
/* SPDX-License-Identifier: ISC */
#ifndef VNCD_VNCD_H
#define VNCD_VNCD_H

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>

#include <ev.h>
#include <rfb/rfb.h>

#include "fb.h"
#include "sock.h"
#include "vt.h"

#define VNCD_RFB_DEFAULT	"127.0.0.1:5900"
#define VNCD_NOVNC_DIR		"/usr/share/novnc"
#define VNCD_SOLD_DEFAULT	"/run/bmcsim/sold-%s.sock"
#define VNCD_HISTORY		16384	/* bytes of console history asked for */
#define VNCD_HISTORY_MAX	(1024 * 1024)
#define VNCD_WEB_THREADS	1100	/* noVNC page workers (web-threads) */
#define VNCD_WEB_THREADS_MAX	4096
#define VNCD_INQ_MAX		4096	/* keyboard bytes queued for the console */
#define VNCD_NAME_MAX		64
#define VNCD_PASSWORD_MAX	64
#define VNCD_READ_MAX		65536	/* console bytes per read */
#define VNCD_RETRY_MIN		0.1	/* reconnect backoff, seconds */
#define VNCD_RETRY_MAX		2.0
#define VNCD_RESYNC		0.25	/* full repaint after a scroll burst */
#define VNCD_EVQ_MAX		256	/* proxy: input events queued upstream */
#define VNCD_WS_WAIT_DEFAULT	5	/* ms: RFB port's WebSocket detection */
#define VNCD_WS_WAIT_MAX	1000

enum vncd_mode {
	VNCD_CONSOLE,
	VNCD_PROXY
};

enum vncd_power {
	VNCD_POWER_UNKNOWN,
	VNCD_POWER_ON,
	VNCD_POWER_OFF
};

/* One viewer input event, queued for the proxy's upstream thread. */
struct vncd_ev {
	int		 key;			/* 1 key, 0 pointer */
	int		 down;			/* key: pressed */
	uint32_t	 sym;			/* key: keysym; pointer: buttons */
	int		 x, y;
};

/* Configuration: flags first, then the -f file for what they left unset. */
struct vncd_cfg {
	const char	*mode, *listen, *web, *server, *pwfile, *pdsock;
	const char	*soldsock, *upstream, *novnc, *user, *rfbpublic;
	const char	*webpublic;
	int		 history;		/* -1: not set */
	int		 wswait;		/* -1: not set */
	int		 webthreads;		/* 0: not set */
	char		*keep[16];		/* strdup'd values from the file */
	int		 nkeep;
};

struct vncd {
	/* configuration in effect */
	enum vncd_mode	 mode;
	const char	*listen;		/* -l: RFB and WebSockets */
	const char	*web;			/* -w: HTTP (noVNC page) */
	const char	*server;		/* -i */
	const char	*pwfile;		/* -P */
	const char	*pdsock;		/* -S */
	const char	*soldsock;		/* -U */
	const char	*upstream;		/* -X */
	const char	*novnc;			/* novnc-dir */
	const char	*rfbpublic;		/* rfb-public-port (unused) */
	const char	*webpublic;		/* web-public-port */
	int		 wswait;		/* -W: ms */
	int		 history;		/* console-history */
	int		 webthreads;		/* web-threads */
	char		 soldpath[256];

	struct ev_loop	*loop;
	rfbScreenInfoPtr screen;
	int		 rfbfd;
	ev_io		 rfbio;			/* lazy: the loop accepts */
	char		 rfbaddr[SOCK_ADDRSTR_MAX];
	char		 webaddr[SOCK_ADDRSTR_MAX];
	char		 desktop[VNCD_NAME_MAX];
	char		 password[VNCD_PASSWORD_MAX + 1];
	char		*passwords[2];
	uint32_t	*px;			/* the framebuffer libvncserver serves */
	int		 w, h;
	int		 nosignal;		/* the no-signal screen is up */
	const char	*nosigwhy;		/* console mode: its reason */
	int		 dark;			/* console mode: no viewer yet */
	ev_async	 viewerwake;		/* a viewer came */
	int		 handshakes;		/* atomic: viewers in one */
	rfbNewClientHookPtr newhook;		/* rfb.c's, called first */
	enum vncd_power	 power;
	ev_timer	 resync;

	/* console mode: sold stream and the terminal it draws */
	struct vt	 vt;
	int		 soldfd;
	ev_io		 soldio;
	ev_timer	 soldretry;
	double		 soldbackoff;
	int		 soldup;		/* connected and header sent */

	/* viewer keystrokes -> console (filled by libvncserver's threads) */
	pthread_mutex_t	 inqlock;
	size_t		 inqlen;
	ev_async	 inqwake;

	/* proxy mode */
	pthread_t	 proxythr;
	int		 proxyrun;		/* atomic: 1 run, 0 stop, -1 gone */
	int		 proxythrup;		/* proxythr to join */
	int		 proxydone;		/* atomic: its thread returns */
	int		 proxywake;		/* eventfd */
	pthread_mutex_t	 evqlock;
	int		 evqlen;
	int		 upstream_up;
	ev_async	 proxynote;		/* upstream state changed */
	void		*oldfb[8];		/* replaced framebuffers, freed at exit */
	int		 noldfb;

	/* powerd */
	struct evpdc	*pdsub;
	struct evpdc	*pdc;

	/* civetweb */
	struct mg_context *web_ctx;
	int		 web_ws_n;		/* WebSocket viewers admitted */

	/* the desktop name viewers get (rfb_set_name), swapped whole */
	char		 names[2][VNCD_NAME_MAX];
	const char	*curname;		/* NULL: desktop */

	/*
	 * console mode (and -M, agg.c): the screen and its pixels exist only
	 * while viewers do; they come up on the loop thread (rfb_screen_up)
	 * and go VNCD_IDLE_FREE seconds after the last viewer left.
	 */
	int		 lazy;
	int		 agg;			/* -M */
	int		 nviewers;		/* atomic: viewers of the screen */
	int		 nsetups;		/* atomic: connections in set-up */
	ev_timer	 idle;
	const char	*websrc;		/* novnc= as given */
	int		 webfd;			/* lazyweb: ours until civetweb's */
	ev_io		 webio;
	int		 webport;		/* bound novnc port */
	void		*pdgrp;			/* power.c: shared powerd clients */

	/*
	 * Last and together: the big buffers an idle server never touches
	 * (the fb shadow until a viewer comes, inq until a key, evq in
	 * proxy mode), so -M's idle servers leave their pages unmapped.
	 */
	struct fb	 fb;
	uint8_t		 inq[VNCD_INQ_MAX];	/* under inqlock */
	struct vncd_ev	 evq[VNCD_EVQ_MAX];	/* under evqlock */
};

#define VNCD_IDLE_FREE		10.0	/* s: screen freed after viewers */

/* cfg.c: conf_parse callback for the -f file (pure) */
int	cfg_line(void *ctx, int lineno, int argc, char **argv, char *err,
	    size_t errlen);
void	cfg_free(struct vncd_cfg *);

/* rfb.c: the libvncserver screen, listener and input hooks */
int	rfb_init(struct vncd *);
int	rfb_start(struct vncd *);
/* -M: bind only; the listener thread polls every server's socket */
int	rfb_bind(struct vncd *);
int	rfb_start_all(struct vncd **, int);
int	rfb_screen_up(struct vncd *);
void	rfb_idle_check(struct vncd *);
const char *rfb_name(const struct vncd *);
int	rfb_adopt(struct vncd *, int fd, const char *host);
void	rfb_fini(struct vncd *);
void	rfb_mark(struct vncd *, int x0, int y0, int x1, int y1);
void	rfb_scroll(struct vncd *, int x0, int y0, int x1, int y1, int dy);
int	rfb_resize(struct vncd *, uint32_t *px, int w, int h);
void	rfb_set_name(struct vncd *, const char *);
void	rfb_vlog(const char *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));

/* console.c: sold's stream through vt.c and fb.c to the screen */
int	console_init(struct vncd *);
void	console_hook(struct vncd *);
void	console_fini(struct vncd *);
void	console_key(struct vncd *, uint32_t sym, unsigned mods);
/* redraw: console text or the no-signal screen, as power and sold say */
void	vncd_show(struct vncd *);

/* proxy.c: libvncclient to the upstream VNC server */
int	proxy_init(struct vncd *);
void	proxy_fini(struct vncd *);
void	proxy_input(struct vncd *, const struct vncd_ev *);
/* -M: the upstream only while viewers are (rfb_screen_up, _down) */
void	proxy_agg_init(struct vncd *);
/* ask the thread to go; 1 once it has (proxy_fini then joins at once) */
int	proxy_stop(struct vncd *);
/* a viewer came while it was going: the upstream again */
int	proxy_restart(struct vncd *);
void	proxy_agg_fini(struct vncd *);

/* power.c: powerd's event stream and the server's name */
int	power_init(struct vncd *);
void	power_fini(struct vncd *);
/* -M: one subscriber and one request connection per powerd socket */
int	power_init_all(struct ev_loop *, struct vncd **, int,
	    struct vncd *(*)(const char *));
void	power_fini_all(void);

/* web.c: civetweb serving Debian's noVNC */
int	web_init(struct vncd *);
void	web_fini(struct vncd *);
/* -M: one civetweb for every server's page port (agg.c finds the server) */
int	web_init_all(struct vncd *tmpl, struct vncd **, int);
void	web_fini_all(void);
extern struct vncd *(*web_find)(int port, const char *host);

/* lazyweb.c: listens on the page address, starts web.c at a connection */
int	lazyweb_init(struct vncd *);
void	lazyweb_fini(struct vncd *);
int	lazyweb_init_all(struct vncd *tmpl, struct vncd **, int);
void	lazyweb_fini_all(void);

/* agg.c: -M servers-file */
int	vncd_highfd(int);
int	agg_main(struct vncd *tmpl, const char *file, int checkonly,
	    const char *user, uid_t, gid_t, int readyfd);

/* The no-signal screen for the current state (fb.c does the drawing). */
void	vncd_nosignal(struct vncd *, const char *why);

#endif
