/* rfb.c: libvncserver glue: the screen, its listener, viewers' input. */
/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/select.h>
#include <sys/socket.h>

#include <rfb/keysym.h>
#include <rfb/rfb.h>

#include "log.h"
#include "sock.h"
#include "util.h"
#include "vncd.h"
#include "vncfn.h"

/*
 * libvncserver is called through vncfn.h's table, opened at the first
 * viewer in console mode (rfb_screen_up, on the loop thread): an idle
 * vncd never loads it.
 *
 * Threaded libvncserver (ref/console-vnc.md §2): two threads per viewer,
 * so a viewer that stalls mid-handshake or stops reading holds up only its
 * own threads.  Debian's 0.9.14 pitfalls are avoided here: no IPv6
 * listener of its own (ipv6port = 0), no httpd (web.c serves noVNC), our
 * own listening socket (any address, port 0).
 *
 * The listener is ours too (rfb_listen), not rfbRunEventLoop(s, -1, TRUE):
 * - 0.9.14 never joins nor detaches a viewer's thread (LibVNC issue #570,
 *   fixed by PRs #572/#574 after the release), so every connection kept
 *   its 8 MB stack mapped.  The viewer's own thread detaches itself in
 *   clientGoneHook (rfb_viewer_gone), the one place that runs on it last.
 * - its listener sets up each connection in turn, and the set-up waits up
 *   to 100 ms for a WebSocket request (webSocketsCheck) before sending the
 *   RFB greeting; a trickled WebSocket request held it for seconds.  Ours
 *   accepts and hands each connection to a short-lived thread, and the
 *   wait is -W ms, default 5 (webSocketsCheck below).  Browsers use
 *   web.c's /websockify instead, handed over by rfb_adopt.
 * Lazy servers (console mode, every one of -M) need no thread for it: the
 * loop accepts (rfb_accept_cb), brings the screen up and hands the
 * connection to its set-up thread.  A thread per vncd only to wait for a
 * viewer cost each of a fleet's vncd a thread's creation and its stack.
 */

#define RFB_FINI_WAIT_MS	3000	/* viewer threads' time to go at exit */
#define RFB_SETUP_STACK		(256 * 1024)

static pthread_t	rfb_lthr;
static int		rfb_lthr_up;		/* the listener: thread or loop */
static int		rfb_inloop;		/* it is the loop's (lazy) */
static ev_timer		rfb_pausew;		/* out of descriptors: wait */
static int		rfb_stop[2] = { -1, -1 };
static int		rfb_setups;		/* set-up threads running */
static pthread_mutex_t	rfb_setup_lock = PTHREAD_MUTEX_INITIALIZER;
/* taken around accepts and a viewer's start: see rfb_setup */
static pthread_mutex_t	rfb_fd_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_attr_t	rfb_setup_attr;
static int		rfb_wait_ms = VNCD_WS_WAIT_DEFAULT;
/* the servers whose sockets the listener polls: one, or every one of -M */
static struct vncd	**rfb_all;
static int		rfb_nall;
static struct vncd	*rfb_one;

/*
 * Console mode: a connection waits here for the loop thread to bring its
 * server's screen up (rfb_screen_up); the listener and civetweb's workers
 * queue.
 */
struct rfb_pend {
	struct rfb_pend	*next;
	struct vncd	*v;
	int		 fd;
	char		 host[SOCK_ADDRSTR_MAX];
	int		 relay;
};
static pthread_mutex_t	rfb_pend_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rfb_pend	*rfb_pend;
static ev_async		rfb_pendw;
static struct ev_loop	*rfb_loop;

struct rfb_conn {
	struct vncd	*v;
	int		 fd;
	int		 relay;			/* web.c's /websockify */
	char		 host[SOCK_ADDRSTR_MAX];
};

/* Set on a set-up thread for web.c's relay, read by the hooks it calls. */
static __thread const struct rfb_conn	*rfb_cur;

/* Per-viewer state: modifiers held, for Ctrl/Alt combinations. */
struct rfb_viewer {
	unsigned	mods;
	int		normal;		/* past its handshake */
	char		host[SOCK_ADDRSTR_MAX + 16];
};

/*
 * 0.9.14's clientOutput looks at a viewer still in its handshake every
 * deferUpdateTime ms, and also sleeps that long before each update.  At
 * 0 (the least latency) a connection that does not finish its handshake
 * (a silent or stalled one, one at the password) spun a core; so the
 * screen's deferUpdateTime is 1 ms while any of its viewers is in its
 * handshake and 0 once none is.  A viewer is past it at its first
 * FramebufferUpdateRequest.
 */
static void
rfb_handshakes(rfbScreenInfoPtr s, struct vncd *v, int d)
{
	int	n = __atomic_add_fetch(&v->handshakes, d, __ATOMIC_ACQ_REL);

	__atomic_store_n(&s->deferUpdateTime, n > 0 ? 1 : 0,
	    __ATOMIC_RELAXED);
}

static void
rfb_viewer_fur(rfbClientPtr cl, rfbFramebufferUpdateRequestMsg *fur)
{
	struct rfb_viewer	*vw = cl->clientData;

	UNUSED(fur);
	if (vw != NULL && !vw->normal) {
		vw->normal = 1;
		rfb_handshakes(cl->screen, cl->screen->screenData, -1);
	}
}

/*
 * libvncserver's and libvncclient's log hooks: one line each, at debug
 * level, without the trailing newline the libraries add.
 */
void
rfb_vlog(const char *who, const char *fmt, va_list ap)
{
	char	buf[512];
	size_t	n;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	log_debug("%s: %s", who, buf);
}

static void __attribute__((format(printf, 1, 2)))
rfb_logproc(const char *fmt, ...)
{
	va_list	ap;

	/* libvncserver logs per connection and per peer error: debug only */
	if (log_getverbose() < 1)
		return;
	va_start(ap, fmt);
	rfb_vlog("rfb", fmt, ap);
	va_end(ap);
}

/* A viewer's state freed and uncounted; the loop frees an unwatched screen. */
static void
rfb_viewer_drop(struct vncd *v, rfbClientPtr cl)
{
	struct rfb_viewer	*vw = cl->clientData;

	if (!vw->normal)
		rfb_handshakes(cl->screen, v, -1);
	free(vw);
	cl->clientData = NULL;
	if (__atomic_sub_fetch(&v->nviewers, 1, __ATOMIC_ACQ_REL) == 0 &&
	    v->lazy)
		ev_async_send(v->loop, &v->viewerwake);
}

static void
rfb_viewer_gone(rfbClientPtr cl)
{
	struct rfb_viewer	*vw = cl->clientData;
	struct vncd		*v = cl->screen->screenData;

	if (vw != NULL) {
		log_info("viewer %s gone", vw->host);
		rfb_viewer_drop(v, cl);
		/* the viewer's input thread, about to return: see above */
		if (cl->screen->backgroundLoop)
			pthread_detach(pthread_self());
	}
	cl->clientData = NULL;
	/* 0.9.14 never frees a WebSocket viewer's context; nothing uses it now */
	free(cl->wsctx);
	cl->wsctx = NULL;
}

static enum rfbNewClientAction
rfb_viewer_new(rfbClientPtr cl)
{
	struct vncd		*v = cl->screen->screenData;
	struct rfb_viewer	*vw;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen = sizeof(ss);

	if ((vw = calloc(1, sizeof(*vw))) == NULL) {
		log_warn("viewer");
		return RFB_CLIENT_REFUSE;
	}
	if (rfb_cur != NULL && rfb_cur->relay)
		snprintf(vw->host, sizeof(vw->host), "%s (websockify)",
		    rfb_cur->host);
	else if (getpeername(cl->sock, (struct sockaddr *)&ss, &sslen) == -1 ||
	    sock_addr_str((struct sockaddr *)&ss, sslen, vw->host,
	    sizeof(vw->host)) == NULL)
		strlcpy(vw->host, "?", sizeof(vw->host));
	cl->clientData = vw;
	cl->clientGoneHook = rfb_viewer_gone;
	cl->clientFramebufferUpdateRequestHook = rfb_viewer_fur;
	rfb_handshakes(cl->screen, v, 1);
	__atomic_add_fetch(&v->nviewers, 1, __ATOMIC_ACQ_REL);
	log_info("viewer %s connected", vw->host);
	return RFB_CLIENT_ACCEPT;
}

static unsigned
rfb_modbit(rfbKeySym sym)
{
	switch (sym) {
	case XK_Control_L:
	case XK_Control_R:
		return VT_MOD_CTRL;
	case XK_Alt_L:
	case XK_Alt_R:
	case XK_Meta_L:
	case XK_Meta_R:
		return VT_MOD_ALT;
	case XK_Shift_L:
	case XK_Shift_R:
		return VT_MOD_SHIFT;
	default:
		return 0;
	}
}

static void
rfb_key(rfbBool down, rfbKeySym sym, rfbClientPtr cl)
{
	struct vncd		*v = cl->screen->screenData;
	struct rfb_viewer	*vw = cl->clientData;
	struct vncd_ev		 e;
	unsigned		 bit;

	if (v->mode == VNCD_PROXY) {
		memset(&e, 0, sizeof(e));
		e.key = 1;
		e.down = down ? 1 : 0;
		e.sym = sym;
		proxy_input(v, &e);
		return;
	}
	if (vw == NULL)
		return;
	if ((bit = rfb_modbit(sym)) != 0) {
		if (down)
			vw->mods |= bit;
		else
			vw->mods &= ~bit;
		return;
	}
	if (down)
		console_key(v, sym, vw->mods);
}

static void
rfb_ptr(int buttons, int x, int y, rfbClientPtr cl)
{
	struct vncd	*v = cl->screen->screenData;
	struct vncd_ev	 e;

	if (v->mode == VNCD_PROXY) {
		memset(&e, 0, sizeof(e));
		e.sym = (uint32_t)buttons;
		e.x = x;
		e.y = y;
		proxy_input(v, &e);
	}
	vf.default_ptr_add_event(buttons, x, y, cl);
}

int
rfb_bind(struct vncd *v)
{
	if ((v->rfbfd = sock_tcp_listen(v->listen, "127.0.0.1", 16)) == -1) {
		log_warn("listen %s", v->listen);
		return -1;
	}
	/* rfb_listen polls it; a connection reset before accept: EAGAIN */
	if (sock_set_nonblock(v->rfbfd, 1) == -1 ||
	    sock_local_str(v->rfbfd, v->rfbaddr, sizeof(v->rfbaddr)) == NULL) {
		log_warn("listen %s", v->listen);
		return -1;
	}
	return 0;
}

static int
rfb_screen(struct vncd *v)
{
	rfbScreenInfoPtr	 s;
	char			 nul[] = " ";

	if (vncfn_server(rfb_logproc) == -1)
		return -1;
	if ((s = vf.get_screen(NULL, NULL, v->w, v->h, 8, 3, 4)) == NULL) {
		log_warnx("rfbGetScreen failed");
		return -1;
	}
	v->screen = s;
	s->screenData = v;
	s->frameBuffer = (char *)v->px;
	s->desktopName = (char *)(uintptr_t)rfb_name(v);
	s->alwaysShared = TRUE;
	s->port = 0;			/* we listen ourselves */
	s->ipv6port = 0;
	s->autoPort = FALSE;
	s->httpDir = NULL;
	s->deferUpdateTime = 0;		/* see rfb_handshakes */
	s->maxClientWait = 5000;	/* a viewer not reading for 5 s goes */
	s->newClientHook = rfb_viewer_new;
	s->kbdAddEvent = rfb_key;
	s->ptrAddEvent = rfb_ptr;
	/* no pointer shape: the text screen has none (proxy: upstream draws) */
	s->cursor = vf.make_xcursor(1, 1, nul, nul);
	if (v->password[0] != '\0') {
		v->passwords[0] = v->password;
		v->passwords[1] = NULL;
		s->authPasswdData = v->passwords;
		s->passwordCheck = vf.check_password_by_list;
	}
	vf.init_server(s);
	rfb_wait_ms = v->wswait;
	if (v->lazy) {
		s->backgroundLoop = TRUE;	/* the listener runs already */
		return 0;
	}
	s->listenSock = v->rfbfd;
	s->maxFd = v->rfbfd > s->maxFd ? v->rfbfd : s->maxFd;
	return 0;
}

int
rfb_init(struct vncd *v)
{
	if (rfb_bind(v) == -1)
		return -1;
	/* console mode: the screen comes with the first viewer */
	return v->lazy ? 0 : rfb_screen(v);
}

/*
 * Console mode, on the loop thread: libvncserver, the pixels and the
 * screen for a server's first viewer.  Dark until console.c's viewer hook
 * draws it; -M proxy: drawn at once, and its upstream thread started.
 */
static void	rfb_screen_down(struct vncd *);

int
rfb_screen_up(struct vncd *v)
{
	ev_timer_stop(v->loop, &v->idle);
	if (v->screen != NULL)
		return v->mode == VNCD_PROXY ? proxy_restart(v) : 0;
	v->w = FB_TEXT_W;
	v->h = FB_TEXT_H;
	if ((v->px = calloc((size_t)v->w * (size_t)v->h,
	    sizeof(*v->px))) == NULL) {
		log_warn("%s: framebuffer", v->server);
		return -1;
	}
	fb_init(&v->fb, v->px, v->w, v->h);
	v->dark = 1;
	if (rfb_screen(v) == -1) {
		free(v->px);
		v->px = NULL;
		return -1;
	}
	if (v->mode == VNCD_PROXY) {
		/* -M: the upstream comes with the screen, drawn from now on */
		v->dark = 0;
		if (proxy_init(v) == -1) {
			rfb_screen_down(v);
			return -1;
		}
	} else
		console_hook(v);
	log_debug("%s: screen up", v->server);
	return 0;
}

static void
rfb_screen_down(struct vncd *v)
{
	int	i;

	/* -M proxy: the upstream thread joined, its connection closed */
	if (v->mode == VNCD_PROXY)
		proxy_fini(v);
	v->screen->listenSock = RFB_INVALID_SOCKET;
	vf.screen_cleanup(v->screen);
	v->screen = NULL;
	free(v->px);
	v->px = NULL;
	for (i = 0; i < v->noldfb; i++)
		free(v->oldfb[i]);
	v->noldfb = 0;
	v->fb.px = NULL;
	v->dark = 1;
	log_debug("%s: screen down", v->server);
}

static void
rfb_idle_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct vncd	*v = w->data;

	UNUSED(loop);
	UNUSED(revents);
	if (v->screen == NULL ||
	    __atomic_load_n(&v->nviewers, __ATOMIC_ACQUIRE) != 0 ||
	    __atomic_load_n(&v->nsetups, __ATOMIC_ACQUIRE) != 0)
		return;
	if (v->screen->clientHead != NULL) {
		ev_timer_set(w, 1., 0.);	/* a viewer still going */
		ev_timer_start(loop, w);
		return;
	}
	if (v->mode == VNCD_PROXY && !proxy_stop(v)) {
		ev_timer_set(w, .05, 0.);	/* its upstream thread going */
		ev_timer_start(loop, w);
		return;
	}
	rfb_screen_down(v);
}

/* On the loop thread: the last viewer left; free the screen later. */
void
rfb_idle_check(struct vncd *v)
{
	if (v->screen == NULL ||
	    __atomic_load_n(&v->nviewers, __ATOMIC_ACQUIRE) != 0 ||
	    ev_is_active(&v->idle))
		return;
	if (v->idle.cb == NULL)
		ev_init(&v->idle, rfb_idle_cb);
	v->idle.data = v;
	ev_timer_set(&v->idle, VNCD_IDLE_FREE, 0.);
	ev_timer_start(v->loop, &v->idle);
}

const char *
rfb_name(const struct vncd *v)
{
	return v->curname != NULL ? v->curname : v->desktop;
}

/*
 * Interposes libvncserver's own (exported, called through the PLT; the
 * executable exports ours, see the Makefile): a WebSocket client (noVNC)
 * speaks first, an RFB viewer waits for the greeting.  Wait rfb_wait_ms
 * (-W, default 5) instead of 100 ms for the first; only then let the
 * library parse the request (vf.ws_check, looked up in the library
 * itself).  web.c's relay carries RFB already: no wait at all.
 */
rfbBool
webSocketsCheck(rfbClientPtr cl)
{
	struct pollfd	 pfd;
	int		 r;

	if (rfb_cur != NULL && rfb_cur->relay)
		return TRUE;
	pfd.fd = cl->sock;
	pfd.events = POLLIN;
	pfd.revents = 0;
	while ((r = poll(&pfd, 1, rfb_wait_ms)) == -1 && errno == EINTR)
		;
	if (r == 0)
		return TRUE;		/* an RFB viewer: greet it now */
	if (vf.ws_check == NULL || vf.ws_check == webSocketsCheck)
		return FALSE;
	return vf.ws_check(cl);
}

/*
 * No descriptor for a viewer's thread: drop the viewer before it starts
 * (rfbClientConnectionGone closes its socket and frees it; the viewer
 * count is ours, as rfb_viewer_gone keeps it).
 */
static void
rfb_refuse(struct vncd *v, rfbClientPtr cl)
{
	struct rfb_viewer	*vw = cl->clientData;

	log_warnx("%s: viewer %s refused: no file descriptor left",
	    v->server, vw != NULL ? vw->host : "?");
	if (vw != NULL)
		rfb_viewer_drop(v, cl);
	vf.connection_gone(cl);
}

static void *
rfb_setup(void *arg)
{
	struct rfb_conn	*c = arg;
	struct vncd	*v = c->v;
	rfbClientPtr	 cl;
	int		 fd = c->fd, p[2];

	rfb_cur = c;
	if ((cl = vf.new_client(v->screen, fd)) != NULL && !cl->onHold) {
		/*
		 * 0.9.14's rfbStartOnHoldClient makes the viewer's notify
		 * pipe, and when pipe(2) fails (no descriptor left) the
		 * viewer's thread FD_SETs -1, which glibc's fortified FD_SET
		 * aborts on: vncd was gone after a connection flood.  Two
		 * descriptors are made sure of first, under the lock the
		 * accepts take too.
		 */
		pthread_mutex_lock(&rfb_fd_lock);
		if (pipe2(p, O_CLOEXEC) == 0) {
			close(p[0]);
			close(p[1]);
			vf.start_on_hold_client(cl);
			pthread_mutex_unlock(&rfb_fd_lock);
		} else {
			pthread_mutex_unlock(&rfb_fd_lock);
			rfb_refuse(v, cl);
		}
	}
	rfb_cur = NULL;
	free(c);
	if (__atomic_sub_fetch(&v->nsetups, 1, __ATOMIC_ACQ_REL) == 0 &&
	    v->lazy)
		ev_async_send(v->loop, &v->viewerwake);
	pthread_mutex_lock(&rfb_setup_lock);
	rfb_setups--;
	pthread_mutex_unlock(&rfb_setup_lock);
	return NULL;
}

/*
 * A set-up thread for a connection: rfbNewClient (WebSocket detection,
 * the greeting), then the viewer's own threads.  Takes fd in all cases.
 */
static int
rfb_spawn(struct vncd *v, int fd, const char *relayhost)
{
	struct rfb_conn	*c;
	pthread_t	 t;

	/* libvncserver select(2)s on it: beyond FD_SETSIZE that aborts */
	if (fd >= FD_SETSIZE) {
		log_warnx("%s: viewer refused: descriptor %d, select(2) takes "
		    "fewer than %d", v->server, fd, FD_SETSIZE);
		close(fd);
		return -1;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		close(fd);
		return -1;
	}
	c->v = v;
	c->fd = fd;
	__atomic_add_fetch(&v->nsetups, 1, __ATOMIC_ACQ_REL);
	if (relayhost != NULL) {
		c->relay = 1;
		strlcpy(c->host, relayhost, sizeof(c->host));
	}
	pthread_mutex_lock(&rfb_setup_lock);
	rfb_setups++;
	pthread_mutex_unlock(&rfb_setup_lock);
	if ((errno = pthread_create(&t, &rfb_setup_attr, rfb_setup, c)) != 0) {
		log_warn("rfb viewer thread");
		__atomic_sub_fetch(&v->nsetups, 1, __ATOMIC_ACQ_REL);
		pthread_mutex_lock(&rfb_setup_lock);
		rfb_setups--;
		pthread_mutex_unlock(&rfb_setup_lock);
		free(c);
		close(fd);
		return -1;
	}
	return 0;
}

/* Hand a connection to the loop thread, which brings the screen up. */
static int
rfb_queue(struct vncd *v, int fd, const char *relayhost)
{
	struct rfb_pend	*p;

	if ((p = calloc(1, sizeof(*p))) == NULL) {
		close(fd);
		return -1;
	}
	p->v = v;
	p->fd = fd;
	if (relayhost != NULL) {
		p->relay = 1;
		strlcpy(p->host, relayhost, sizeof(p->host));
	}
	pthread_mutex_lock(&rfb_pend_lock);
	p->next = rfb_pend;
	rfb_pend = p;
	pthread_mutex_unlock(&rfb_pend_lock);
	ev_async_send(v->loop, &rfb_pendw);
	return 0;
}

static void
rfb_pend_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	struct rfb_pend	*p, *next;

	UNUSED(loop);
	UNUSED(w);
	UNUSED(revents);
	pthread_mutex_lock(&rfb_pend_lock);
	p = rfb_pend;
	rfb_pend = NULL;
	pthread_mutex_unlock(&rfb_pend_lock);
	for (; p != NULL; p = next) {
		next = p->next;
		if (rfb_screen_up(p->v) == -1)
			close(p->fd);
		else
			(void)rfb_spawn(p->v, p->fd, p->relay ? p->host : NULL);
		free(p);
	}
}

static void
rfb_pend_drop(void)
{
	struct rfb_pend	*p, *next;

	pthread_mutex_lock(&rfb_pend_lock);
	p = rfb_pend;
	rfb_pend = NULL;
	pthread_mutex_unlock(&rfb_pend_lock);
	for (; p != NULL; p = next) {
		next = p->next;
		close(p->fd);
		free(p);
	}
}

/*
 * web.c's /websockify: one end of a socketpair whose other end carries a
 * browser's WebSocket frames.  Only while the listener runs (between
 * rfb_start and rfb_fini), so viewers are threaded and waited for.
 */
int
rfb_adopt(struct vncd *v, int fd, const char *host)
{
	int	up;

	pthread_mutex_lock(&rfb_setup_lock);
	up = rfb_lthr_up;
	pthread_mutex_unlock(&rfb_setup_lock);
	if (!up) {
		close(fd);
		return -1;
	}
	if (v->lazy)
		return rfb_queue(v, fd, host);
	return rfb_spawn(v, fd, host);
}

#define RFB_NOFD	(-2)

/*
 * A connection on v's listener (under the lock rfb_setup takes), or -1
 * (none, or refused), or RFB_NOFD when out of descriptors (logged): the
 * caller waits a tenth of a second before it accepts again.
 */
static int
rfb_accept(struct vncd *v)
{
	int	fd;

	pthread_mutex_lock(&rfb_fd_lock);
	fd = accept4(v->rfbfd, NULL, NULL, SOCK_CLOEXEC);
	pthread_mutex_unlock(&rfb_fd_lock);
	if (fd == -1 && (errno == EMFILE || errno == ENFILE ||
	    errno == ENOBUFS || errno == ENOMEM)) {
		log_warn("rfb accept");
		return RFB_NOFD;
	}
	return fd;
}

/*
 * A server whose screen is always up (single-server proxy mode): one
 * thread polls its listening socket.  Lazy servers' are the loop's.
 */
static void *
rfb_listen(void *arg)
{
	struct pollfd	*pfd = arg;
	struct vncd	*v;
	int		 fd, i, n = rfb_nall;

	for (i = 0; i < n; i++) {
		pfd[i].fd = rfb_all[i]->rfbfd;
		pfd[i].events = POLLIN;
	}
	pfd[n].fd = rfb_stop[0];
	pfd[n].events = POLLIN;
	for (;;) {
		for (i = 0; i <= n; i++)
			pfd[i].revents = 0;
		if (poll(pfd, (nfds_t)n + 1, -1) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("rfb listener: poll");
			break;
		}
		if (pfd[n].revents != 0)
			break;
		for (i = 0; i < n; i++) {
			if (pfd[i].revents == 0)
				continue;
			v = rfb_all[i];
			if ((fd = rfb_accept(v)) == RFB_NOFD)
				usleep(100000);
			else if (fd >= 0)
				(void)rfb_spawn(v, fd, NULL);
		}
	}
	free(pfd);
	return NULL;
}

static void
rfb_listen_loop(int on)
{
	int	i;

	for (i = 0; i < rfb_nall; i++)
		if (on)
			ev_io_start(rfb_loop, &rfb_all[i]->rfbio);
		else
			ev_io_stop(rfb_loop, &rfb_all[i]->rfbio);
}

static void
rfb_pause_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	UNUSED(loop);
	UNUSED(w);
	UNUSED(revents);
	rfb_listen_loop(1);
}

/* On the loop thread (lazy servers): a viewer; bring the screen up. */
static void
rfb_accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct vncd	*v = w->data;
	int		 fd;

	UNUSED(revents);
	if ((fd = rfb_accept(v)) == RFB_NOFD) {
		rfb_listen_loop(0);		/* a tenth of a second */
		ev_timer_set(&rfb_pausew, .1, 0.);
		ev_timer_start(loop, &rfb_pausew);
	}
	if (fd < 0)
		return;
	if (rfb_screen_up(v) == -1)
		close(fd);
	else
		(void)rfb_spawn(v, fd, NULL);
}

int
rfb_start(struct vncd *v)
{
	rfb_one = v;
	if (v->lazy)
		return rfb_start_all(&rfb_one, 1);
	v->screen->backgroundLoop = TRUE;
	if (rfb_start_all(&rfb_one, 1) == -1) {
		v->screen->backgroundLoop = FALSE;
		return -1;
	}
	return 0;
}

int
rfb_start_all(struct vncd **vs, int n)
{
	struct pollfd	*pfd;
	int		 i;

	rfb_all = vs;
	rfb_nall = n;
	rfb_loop = vs[0]->loop;
	ev_async_init(&rfb_pendw, rfb_pend_cb);
	ev_async_start(rfb_loop, &rfb_pendw);
	pthread_attr_init(&rfb_setup_attr);
	pthread_attr_setdetachstate(&rfb_setup_attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&rfb_setup_attr, RFB_SETUP_STACK);
	if (vs[0]->lazy) {
		/* -M's servers are all lazy; a single one is alone */
		for (i = 0; i < n; i++) {
			ev_io_init(&vs[i]->rfbio, rfb_accept_cb, vs[i]->rfbfd,
			    EV_READ);
			vs[i]->rfbio.data = vs[i];
		}
		ev_init(&rfb_pausew, rfb_pause_cb);
		rfb_inloop = 1;
		rfb_listen_loop(1);
		pthread_mutex_lock(&rfb_setup_lock);
		rfb_lthr_up = 1;
		pthread_mutex_unlock(&rfb_setup_lock);
		return 0;
	}
	if ((pfd = calloc((size_t)n + 1, sizeof(*pfd))) == NULL) {
		log_warn("rfb listener");
		return -1;
	}
	if (pipe2(rfb_stop, O_CLOEXEC) == -1) {
		log_warn("pipe");
		free(pfd);
		return -1;
	}
	/* threaded viewers (rfbStartOnHoldClient), our listener */
	if ((errno = pthread_create(&rfb_lthr, NULL, rfb_listen, pfd)) != 0) {
		log_warn("rfb listener thread");
		free(pfd);
		return -1;
	}
	pthread_mutex_lock(&rfb_setup_lock);
	rfb_lthr_up = 1;
	pthread_mutex_unlock(&rfb_setup_lock);
	return 0;
}

static int
rfb_setups_running(void)
{
	int	n;

	pthread_mutex_lock(&rfb_setup_lock);
	n = rfb_setups;
	pthread_mutex_unlock(&rfb_setup_lock);
	return n;
}

/*
 * Not rfbShutdownServer(s, TRUE): 0.9.14 reads cl->client_thread for
 * pthread_join after the viewer's thread may have freed cl (seen under
 * ASan).  Stop the listener, close every viewer (each thread then frees
 * its own), and wait for the list to empty.
 */
static void
rfb_stop_listener(void)
{
	int	i;

	if (rfb_lthr_up) {
		if (rfb_inloop) {
			rfb_listen_loop(0);
			ev_timer_stop(rfb_loop, &rfb_pausew);
			rfb_inloop = 0;
		} else {
			(void)write(rfb_stop[1], "", 1);
			pthread_join(rfb_lthr, NULL);
		}
		pthread_mutex_lock(&rfb_setup_lock);
		rfb_lthr_up = 0;
		pthread_mutex_unlock(&rfb_setup_lock);
		pthread_attr_destroy(&rfb_setup_attr);
		for (i = 0; i < RFB_FINI_WAIT_MS / 10 &&
		    rfb_setups_running() > 0; i++)
			usleep(10000);
	}
	if (rfb_loop != NULL) {
		ev_async_stop(rfb_loop, &rfb_pendw);
		rfb_pend_drop();
		rfb_loop = NULL;
	}
	for (i = 0; i < 2; i++)
		if (rfb_stop[i] != -1) {
			close(rfb_stop[i]);
			rfb_stop[i] = -1;
		}
}

/*
 * libvncserver 0.9.14 can lose the wakeup of a client's output thread:
 * clientInput signals updateCond once and joins it, and an output thread
 * that checked the socket just before waits for ever, and so does the
 * join (seen at exit under load: t/4018).  Waking every client's output
 * thread again lets it see the closed socket and return.
 */
static rfbScreenInfoPtr	rfb_left;

static void
rfb_wake_clients(rfbScreenInfoPtr s)
{
	rfbClientIteratorPtr	it;
	rfbClientPtr		cl;

	if ((it = vf.client_iterator(s)) == NULL)
		return;
	while ((cl = vf.client_iterator_next(it)) != NULL) {
		pthread_mutex_lock(&cl->updateMutex);
		pthread_cond_broadcast(&cl->updateCond);
		pthread_mutex_unlock(&cl->updateMutex);
	}
	vf.release_client_iterator(it);
}

void
rfb_fini(struct vncd *v)
{
	rfbClientIteratorPtr	it;
	rfbClientPtr		cl;
	int			i;

	rfb_stop_listener();
	if (v->lazy && v->loop != NULL)
		ev_timer_stop(v->loop, &v->idle);
	if (v->screen != NULL) {
		if (v->screen->backgroundLoop) {
			if ((it = vf.client_iterator(v->screen)) != NULL) {
				/* closing twice frees cl->wspath twice */
				while ((cl = vf.client_iterator_next(it)) !=
				    NULL)
					if (cl->state != RFB_SHUTDOWN)
						vf.close_client(cl);
				vf.release_client_iterator(it);
			}
			for (i = 0; i < RFB_FINI_WAIT_MS / 10 &&
			    v->screen->clientHead != NULL; i++) {
				rfb_wake_clients(v->screen);
				usleep(10000);
			}
			if (v->screen->clientHead != NULL) {
				/*
				 * Its threads still run: rfbScreenCleanup
				 * would destroy the condition variable they
				 * wait on and block in pthread_cond_destroy.
				 * We are exiting: leave the screen (kept
				 * reachable, not a leak report).
				 */
				log_warnx("rfb: viewer threads still running "
				    "at exit");
				rfb_left = v->screen;
				v->screen = NULL;
				if (v->rfbfd != -1)
					close(v->rfbfd);
				v->rfbfd = -1;
				return;
			}
		}
		if (v->rfbfd != -1)
			close(v->rfbfd);
		v->rfbfd = -1;
		v->screen->listenSock = RFB_INVALID_SOCKET;
		vf.screen_cleanup(v->screen);
		v->screen = NULL;
	} else if (v->rfbfd != -1) {
		close(v->rfbfd);
		v->rfbfd = -1;
	}
}

void
rfb_mark(struct vncd *v, int x0, int y0, int x1, int y1)
{
	if (v->screen == NULL)
		return;			/* no viewer, no screen */
	vf.mark_rect_as_modified(v->screen, x0, y0, x1, y1);
}

void
rfb_scroll(struct vncd *v, int x0, int y0, int x1, int y1, int dy)
{
	/* the pixels were moved already (fb.c); viewers get a CopyRect */
	if (v->screen == NULL)
		return;
	vf.schedule_copy_rect(v->screen, x0, y0, x1, y1, 0, dy);
}

int
rfb_resize(struct vncd *v, uint32_t *px, int w, int h)
{
	vf.new_framebuffer(v->screen, (char *)px, w, h, 8, 3, 4);
	v->px = px;
	v->w = w;
	v->h = h;
	return 0;
}

void
rfb_set_name(struct vncd *v, const char *name)
{
	/* read by viewer threads at ServerInit: swap in a complete string */
	char	*n = v->names[v->curname == v->names[0] ? 1 : 0];

	strlcpy(n, name, sizeof(v->names[0]));
	v->curname = n;
	if (v->screen != NULL)
		v->screen->desktopName = n;
}
