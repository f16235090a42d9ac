/* proxy.c: libvncclient to the server's own VNC, re-served by libvncserver. */
/* SPDX-License-Identifier: ISC */
#include <sys/eventfd.h>

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rfb/rfbclient.h>

#include "log.h"
#include "util.h"
#include "vncd.h"
#include "vncfn.h"

/*
 * One thread owns the upstream connection and, in proxy mode, the
 * framebuffer: libvncclient decodes straight into the memory libvncserver
 * serves, and each decoded rectangle is marked modified.  Viewers' keys
 * and pointer moves are queued (evq) and sent from this thread, woken by
 * an eventfd.  Upstream gone or server off: the no-signal screen, and a
 * reconnect with backoff.
 */
#define PROXY_DIM_MAX		8192	/* upstream framebuffer side limit */
#define PROXY_CONNECT_S		2
#define PROXY_READ_S		10

static int	proxy_tag;

static void __attribute__((format(printf, 1, 2)))
proxy_logproc(const char *fmt, ...)
{
	va_list	ap;

	if (log_getverbose() < 1)
		return;
	va_start(ap, fmt);
	rfb_vlog("upstream", fmt, ap);
	va_end(ap);
}

static int
proxy_running(struct vncd *v)
{
	return __atomic_load_n(&v->proxyrun, __ATOMIC_ACQUIRE) == 1;
}

static int
proxy_off(struct vncd *v)
{
	return __atomic_load_n(&v->power, __ATOMIC_ACQUIRE) == VNCD_POWER_OFF;
}

static rfbBool
proxy_alloc(rfbClient *c)
{
	struct vncd	*v = vf.client_get_data(c, &proxy_tag);
	uint32_t	*px;

	if (c->width <= 0 || c->height <= 0 || c->width > PROXY_DIM_MAX ||
	    c->height > PROXY_DIM_MAX) {
		log_warnx("upstream size %dx%d refused", c->width, c->height);
		return FALSE;
	}
	if (c->width == v->w && c->height == v->h) {
		c->frameBuffer = (uint8_t *)v->px;
		return TRUE;
	}
	/* viewer threads may still read the old one: keep it till exit */
	if (v->noldfb == (int)nitems(v->oldfb)) {
		log_warnx("upstream resized too often");
		return FALSE;
	}
	if ((px = calloc((size_t)c->width * (size_t)c->height,
	    sizeof(*px))) == NULL) {
		log_warn("framebuffer %dx%d", c->width, c->height);
		return FALSE;
	}
	v->oldfb[v->noldfb++] = v->px;
	log_info("upstream screen %dx%d", c->width, c->height);
	rfb_resize(v, px, c->width, c->height);
	fb_init(&v->fb, px, c->width, c->height);
	c->frameBuffer = (uint8_t *)px;
	return TRUE;
}

static void
proxy_update(rfbClient *c, int x, int y, int w, int h)
{
	struct vncd	*v = vf.client_get_data(c, &proxy_tag);

	rfb_mark(v, x, y, x + w, y + h);
}

static void
proxy_wait(struct vncd *v, int ms)
{
	struct pollfd	pfd = { v->proxywake, POLLIN, 0 };
	uint64_t	n;

	if (poll(&pfd, 1, ms) == 1 && read(v->proxywake, &n, sizeof(n)) < 0)
		log_debug("proxy wake: %s", strerror(errno));
}

/* Send what viewers typed and pointed; -1 when upstream broke. */
static int
proxy_flush(struct vncd *v, rfbClient *c)
{
	struct vncd_ev	q[VNCD_EVQ_MAX];
	int		n, i, ok = 1;

	pthread_mutex_lock(&v->evqlock);
	n = v->evqlen;
	memcpy(q, v->evq, (size_t)n * sizeof(q[0]));
	v->evqlen = 0;
	pthread_mutex_unlock(&v->evqlock);
	for (i = 0; i < n && ok; i++) {
		if (q[i].key)
			ok = vf.send_key_event(c, q[i].sym,
			    q[i].down ? TRUE : FALSE);
		else
			ok = vf.send_pointer_event(c, q[i].x, q[i].y,
			    (int)q[i].sym);
	}
	return ok ? 0 : -1;
}

static void
proxy_session(struct vncd *v, rfbClient *c)
{
	struct pollfd	pfd[2];
	uint64_t	n;

	__atomic_store_n(&v->upstream_up, 1, __ATOMIC_RELEASE);
	log_info("upstream %s connected (%dx%d)", v->upstream, c->width,
	    c->height);
	while (proxy_running(v) && !proxy_off(v)) {
		if (c->buffered == 0) {
			pfd[0].fd = c->sock;
			pfd[0].events = POLLIN;
			pfd[1].fd = v->proxywake;
			pfd[1].events = POLLIN;
			pfd[0].revents = pfd[1].revents = 0;
			if (poll(pfd, 2, -1) == -1 && errno != EINTR)
				break;
			if ((pfd[1].revents & POLLIN) &&
			    read(v->proxywake, &n, sizeof(n)) < 0)
				log_debug("proxy wake: %s", strerror(errno));
			if (proxy_flush(v, c) == -1)
				break;
			if (pfd[0].revents == 0)
				continue;
		}
		if (!vf.handle_server_message(c))
			break;
	}
	__atomic_store_n(&v->upstream_up, 0, __ATOMIC_RELEASE);
	log_info("upstream %s gone", v->upstream);
}

static void *
proxy_main(void *arg)
{
	struct vncd	*v = arg;
	rfbClient	*c;
	const char	*colon;
	const char	*why;
	char		 host[256];
	int		 backoff = (int)(VNCD_RETRY_MIN * 1000), shown = -1;
	int		 ok, stop;
	long long	 port;
	const char	*errstr;

	colon = strrchr(v->upstream, ':');
	if (colon == NULL || (size_t)(colon - v->upstream) >= sizeof(host)) {
		log_warnx("upstream %s: want addr:port", v->upstream);
		goto done;
	}
	memcpy(host, v->upstream, (size_t)(colon - v->upstream));
	host[colon - v->upstream] = '\0';
	port = strtonum(colon + 1, 1, 65535, &errstr);
	if (errstr != NULL) {
		log_warnx("upstream port %s: %s", colon + 1, errstr);
		goto done;
	}
again:
	while (proxy_running(v)) {
		if (proxy_off(v)) {
			if (shown != 1)
				vncd_nosignal(v, "The server is powered off.");
			shown = 1;
			proxy_wait(v, -1);
			continue;
		}
		if ((c = vf.get_client(8, 3, 4)) == NULL) {
			proxy_wait(v, backoff);
			continue;
		}
		vf.client_set_data(c, &proxy_tag, v);
		c->MallocFrameBuffer = proxy_alloc;
		c->GotFrameBufferUpdate = proxy_update;
		c->canHandleNewFBSize = TRUE;
		c->connectTimeout = PROXY_CONNECT_S;
		c->readTimeout = PROXY_READ_S;
		/*
		 * Tight without JPEG (lossless) costs the least added latency
		 * from a loopback x11vnc (0.4-0.7 ms p50, full-screen change);
		 * raw moves 3 MB per frame and adds 4 ms (mk/bench-vncd.sh).
		 */
		c->appData.encodingsString = "tight copyrect raw";
		c->appData.enableJPEG = FALSE;
		free(c->serverHost);		/* rfbGetClient's "" */
		c->serverHost = strdup(host);
		c->serverPort = (int)port;
		/*
		 * rfbInitClient frees c when it fails: c is not read after
		 * (the freed client, unmapped, was a crash at a handshake
		 * timeout).
		 */
		if (c->serverHost == NULL) {
			vf.client_cleanup(c);
			ok = 0;
		} else
			ok = vf.init_client(c, NULL, NULL);
		if (!ok) {
			why = "The video source is not available.";
			if (shown != 2)
				vncd_nosignal(v, why);
			shown = 2;
			proxy_wait(v, backoff);
			backoff = backoff * 2 > (int)(VNCD_RETRY_MAX * 1000) ?
			    (int)(VNCD_RETRY_MAX * 1000) : backoff * 2;
			continue;
		}
		backoff = (int)(VNCD_RETRY_MIN * 1000);
		shown = 0;
		v->nosignal = 0;
		rfb_mark(v, 0, 0, v->w, v->h);
		proxy_session(v, c);
		vf.client_cleanup(c);
	}
	/*
	 * Asked to stop (0).  Return (-1) unless a viewer came meanwhile and
	 * proxy_restart set it running again (1): then go on.
	 */
	stop = 0;
	if (!__atomic_compare_exchange_n(&v->proxyrun, &stop, -1, 0,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		goto again;
done:
	__atomic_store_n(&v->proxyrun, -1, __ATOMIC_RELEASE);
	__atomic_store_n(&v->proxydone, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Called on viewer threads (e == NULL: only wake the upstream thread). */
void
proxy_input(struct vncd *v, const struct vncd_ev *e)
{
	uint64_t	one = 1;

	if (v->proxywake == -1)
		return;
	if (e != NULL) {
		pthread_mutex_lock(&v->evqlock);
		if (v->evqlen < VNCD_EVQ_MAX)
			v->evq[v->evqlen++] = *e;
		pthread_mutex_unlock(&v->evqlock);
	}
	if (write(v->proxywake, &one, sizeof(one)) < 0)
		log_debug("proxy wake: %s", strerror(errno));
}

int
proxy_init(struct vncd *v)
{
	int	rc;

	if (vncfn_client(proxy_logproc) == -1)
		return -1;
	if ((v->proxywake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) == -1) {
		log_warn("eventfd");
		return -1;
	}
	vncd_nosignal(v, "Connecting to the video source.");
	v->proxyrun = 1;
	v->proxydone = 0;
	if ((rc = pthread_create(&v->proxythr, NULL, proxy_main, v)) != 0) {
		errno = rc;
		log_warn("pthread_create");
		v->proxyrun = 0;
		return -1;
	}
	v->proxythrup = 1;
	return 0;
}

void
proxy_fini(struct vncd *v)
{
	if (v->proxythrup) {
		__atomic_store_n(&v->proxyrun, 0, __ATOMIC_RELEASE);
		proxy_input(v, NULL);
		pthread_join(v->proxythr, NULL);
		v->proxythrup = 0;
	}
	if (v->proxywake != -1) {
		close(v->proxywake);
		v->proxywake = -1;
	}
	v->evqlen = 0;
	v->nosignal = 0;
}

/*
 * -M: a proxied server has no upstream thread until its first viewer;
 * rfb_screen_up starts it (proxy_init) with the screen, rfb_screen_down
 * stops it VNCD_IDLE_FREE seconds after the last viewer left.
 */
static void
proxy_viewer_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	UNUSED(loop);
	UNUSED(revents);
	rfb_idle_check(w->data);	/* the last viewer left? */
}

void
proxy_agg_init(struct vncd *v)
{
	ev_async_init(&v->viewerwake, proxy_viewer_cb);
	v->viewerwake.data = v;
	ev_async_start(v->loop, &v->viewerwake);
}

/*
 * The loop thread does not wait for the upstream thread, which may be in
 * a connect (PROXY_CONNECT_S) or a read (PROXY_READ_S): other servers'
 * consoles are served meanwhile; rfb.c's idle timer looks again.
 */
int
proxy_stop(struct vncd *v)
{
	int	run = 1;

	if (!v->proxythrup)
		return 1;		/* never started, or joined */
	if (__atomic_compare_exchange_n(&v->proxyrun, &run, 0, 0,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		log_debug("%s: upstream thread stopping", v->server);
		proxy_input(v, NULL);
	}
	return __atomic_load_n(&v->proxydone, __ATOMIC_ACQUIRE);
}

/*
 * A viewer for a screen that is up.  Its upstream thread may be stopping
 * (proxy_stop) and still in a connect or a read of a hung upstream: it is
 * kept running instead of being waited for, unless it has returned
 * already (then the join is at once).  The loop never waits for it.
 */
int
proxy_restart(struct vncd *v)
{
	int	stop = 0;

	if (!v->proxythrup)
		return proxy_init(v);
	if (__atomic_load_n(&v->proxyrun, __ATOMIC_ACQUIRE) == 1)
		return 0;
	if (__atomic_compare_exchange_n(&v->proxyrun, &stop, 1, 0,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		log_debug("%s: upstream thread kept for a viewer", v->server);
		return 0;
	}
	proxy_fini(v);			/* -1: it has returned */
	return proxy_init(v);
}

void
proxy_agg_fini(struct vncd *v)
{
	ev_async_stop(v->loop, &v->viewerwake);
}
