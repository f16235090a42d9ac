/* console.c: sold's console stream through vt.c and fb.c onto the screen. */
/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>
#include <rfb/rfb.h>

#include "font.h"
#include "log.h"
#include "sock.h"
#include "util.h"
#include "vncd.h"
#include "vncfn.h"

/*
 * Console mode runs in the main (libev) thread: it alone writes the
 * framebuffer; libvncserver's viewer threads only read it.  Keys typed in
 * a viewer arrive on those threads and are handed over through inq.
 * sold's protocol (doc/console.md): send "console 1 history=N\n", then
 * raw bytes both ways.
 */

static void	console_connect(struct vncd *);
static void	console_draw(struct vncd *);

/*
 * Until the first viewer comes the pixels are not drawn (v->dark): the
 * framebuffer, calloc'd and so never touched, costs no memory on a fleet
 * host where most consoles are never watched.  The terminal model (vt)
 * keeps up with the console all along; the first viewer has it drawn in
 * full (console_viewer_cb), and the pixels stay from then on.
 */
static enum rfbNewClientAction
console_viewer_new(rfbClientPtr cl)
{
	struct vncd		*v = cl->screen->screenData;
	enum rfbNewClientAction	 a;

	a = v->newhook != NULL ? v->newhook(cl) : RFB_CLIENT_ACCEPT;
	if (a == RFB_CLIENT_ACCEPT)
		ev_async_send(v->loop, &v->viewerwake);
	return a;
}

static void
console_viewer_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	struct vncd	*v = w->data;

	UNUSED(loop);
	UNUSED(revents);
	if (v->lazy)
		rfb_idle_check(v);	/* the last viewer left? */
	if (!v->dark || v->screen == NULL)
		return;
	v->dark = 0;
	log_debug("first viewer: drawing the screen");
	fb_invalidate(&v->fb);
	if (v->nosignal)
		vncd_nosignal(v, v->nosigwhy != NULL ? v->nosigwhy : "");
	else {
		console_draw(v);
		rfb_mark(v, 0, 0, v->w, v->h);
	}
}

void
vncd_nosignal(struct vncd *v, const char *why)
{
	const char	*lines[3];
	char		 name[VNCD_NAME_MAX + 16];

	snprintf(name, sizeof(name), "%s", rfb_name(v));
	lines[0] = "No signal";
	lines[1] = name;
	lines[2] = why;
	v->nosignal = 1;
	if (v->dark)
		return;			/* drawn when a viewer comes */
	fb_message(&v->fb, lines, 3);
	rfb_mark(v, 0, 0, v->w, v->h);
}

static void
console_draw(struct vncd *v)
{
	struct fb_update	 u;
	sraRegionPtr		 rgn = NULL, r;
	int			 y, scroll;

	scroll = vt_take_scroll(&v->vt);
	if (v->nosignal || v->dark)
		return;
	fb_render(&v->fb, &v->vt, scroll, &u);
	if (u.scroll > 0) {
		rfb_scroll(v, 0, 0, FB_TEXT_W, (VT_ROWS - u.scroll) * FONT_H,
		    -u.scroll * FONT_H);
		/*
		 * A viewer thread may be sending while the pixels move; one
		 * full repaint once the scrolling stops heals what it saw.
		 */
		ev_timer_again(v->loop, &v->resync);
	}
	if (u.ndirty == 0 && u.scroll == 0)
		return;
	rgn = vf.rgn_create();
	for (y = 0; y < VT_ROWS; y++) {
		if (u.x0[y] >= u.x1[y])
			continue;
		r = vf.rgn_create_rect(u.x0[y] * FONT_W, y * FONT_H,
		    u.x1[y] * FONT_W, (y + 1) * FONT_H);
		vf.rgn_or(rgn, r);
		vf.rgn_destroy(r);
	}
	if (vf.rgn_empty(rgn)) {
		/* a CopyRect alone does not wake the viewer threads */
		r = vf.rgn_create_rect(0, FB_TEXT_H - FONT_H, FONT_W,
		    FB_TEXT_H);
		vf.rgn_or(rgn, r);
		vf.rgn_destroy(r);
	}
	vf.mark_region_as_modified(v->screen, rgn);
	vf.rgn_destroy(rgn);
}

static void
console_resync_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct vncd	*v = w->data;

	UNUSED(revents);
	ev_timer_stop(loop, w);
	if (!v->nosignal && v->mode == VNCD_CONSOLE)
		rfb_mark(v, 0, 0, FB_TEXT_W, FB_TEXT_H);
}

void
vncd_show(struct vncd *v)
{
	const char	*why = NULL;

	if (v->mode != VNCD_CONSOLE)
		return;
	if (v->power == VNCD_POWER_OFF)
		why = "The server is powered off.";
	else if (!v->soldup)
		why = "The console is not available.";
	if (why != NULL) {
		/* retries while sold is away: draw the message once */
		if (!v->nosignal || why != v->nosigwhy)
			vncd_nosignal(v, why);
		v->nosigwhy = why;
		return;
	}
	v->nosigwhy = NULL;
	if (v->nosignal) {
		v->nosignal = 0;
		fb_invalidate(&v->fb);
		/* black out what the message drew outside the text area */
		if (!v->dark)
			memset(v->px, 0, (size_t)v->w * (size_t)v->h *
			    sizeof(*v->px));
		rfb_mark(v, 0, 0, v->w, v->h);
	}
	console_draw(v);
}

static void
console_drop(struct vncd *v, const char *why)
{
	if (v->soldfd != -1) {
		log_info("console %s: %s", v->soldpath, why);
		ev_io_stop(v->loop, &v->soldio);
		close(v->soldfd);
		v->soldfd = -1;
	}
	v->soldup = 0;
	pthread_mutex_lock(&v->inqlock);
	v->inqlen = 0;
	pthread_mutex_unlock(&v->inqlock);
	ev_timer_set(&v->soldretry, v->soldbackoff, 0.);
	ev_timer_start(v->loop, &v->soldretry);
	v->soldbackoff *= 2;
	if (v->soldbackoff > VNCD_RETRY_MAX)
		v->soldbackoff = VNCD_RETRY_MAX;
	vncd_show(v);
}

static void
console_send(struct vncd *v, const uint8_t *p, size_t n)
{
	ssize_t	w;

	while (n > 0) {
		w = send(v->soldfd, p, n, MSG_NOSIGNAL);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1) {
			/* a console that does not take keys: drop them */
			if (errno != EAGAIN)
				log_debug("console write: %s", strerror(errno));
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

static void
console_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	static uint8_t	 buf[VNCD_READ_MAX];
	struct vncd	*v = w->data;
	ssize_t		 n;

	UNUSED(loop);
	UNUSED(revents);
	n = read(v->soldfd, buf, sizeof(buf));
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		console_drop(v, n == 0 ? "closed" : strerror(errno));
		return;
	}
	v->soldbackoff = VNCD_RETRY_MIN;
	vt_feed(&v->vt, buf, (size_t)n);
	if (v->vt.replylen > 0) {
		console_send(v, v->vt.reply, v->vt.replylen);
		v->vt.replylen = 0;
	}
	console_draw(v);
}

static void
console_connect(struct vncd *v)
{
	char	hdr[64];
	int	n;

	if ((v->soldfd = sock_unix_connect(v->soldpath, 0)) == -1) {
		log_debug("console %s: %s", v->soldpath, strerror(errno));
		console_drop(v, strerror(errno));
		return;
	}
	n = snprintf(hdr, sizeof(hdr), "console 1 history=%d\n", v->history);
	if (n < 0 || (size_t)n >= sizeof(hdr) ||
	    send(v->soldfd, hdr, (size_t)n, MSG_NOSIGNAL) != n) {
		console_drop(v, "cannot send header");
		return;
	}
	if (sock_set_nonblock(v->soldfd, 1) == -1) {
		console_drop(v, strerror(errno));
		return;
	}
	if (v->agg)
		v->soldfd = vncd_highfd(v->soldfd);	/* -M: agg.c */
	log_info("console %s connected", v->soldpath);
	/* the history replays the screen: start from a clean terminal */
	vt_init(&v->vt);
	v->soldup = 1;
	ev_io_set(&v->soldio, v->soldfd, EV_READ);
	ev_io_start(v->loop, &v->soldio);
	vncd_show(v);
}

static void
console_retry_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct vncd	*v = w->data;

	UNUSED(revents);
	ev_timer_stop(loop, w);
	console_connect(v);
}

/* Viewer keys, queued by libvncserver's threads, written from the loop. */
static void
console_inq_cb(struct ev_loop *loop, ev_async *w, int revents)
{
	struct vncd	*v = w->data;
	uint8_t		 buf[VNCD_INQ_MAX];
	size_t		 n;

	UNUSED(loop);
	UNUSED(revents);
	pthread_mutex_lock(&v->inqlock);
	n = v->inqlen;
	memcpy(buf, v->inq, n);
	v->inqlen = 0;
	pthread_mutex_unlock(&v->inqlock);
	if (n > 0 && v->soldup)
		console_send(v, buf, n);
}

/* Called on a viewer thread. */
void
console_key(struct vncd *v, uint32_t sym, unsigned mods)
{
	uint8_t	b[16];
	size_t	n;

	if ((n = vt_key(&v->vt, sym, mods, b, sizeof(b))) == 0)
		return;
	pthread_mutex_lock(&v->inqlock);
	if (VNCD_INQ_MAX - v->inqlen >= n) {
		memcpy(v->inq + v->inqlen, b, n);
		v->inqlen += n;
	}
	pthread_mutex_unlock(&v->inqlock);
	ev_async_send(v->loop, &v->inqwake);
}

int
console_init(struct vncd *v)
{
	vt_init(&v->vt);
	v->soldfd = -1;
	v->soldbackoff = VNCD_RETRY_MIN;
	ev_io_init(&v->soldio, console_io_cb, -1, EV_READ);
	v->soldio.data = v;
	ev_timer_init(&v->soldretry, console_retry_cb, 0., 0.);
	v->soldretry.data = v;
	ev_init(&v->resync, console_resync_cb);
	v->resync.repeat = VNCD_RESYNC;
	v->resync.data = v;
	ev_async_init(&v->inqwake, console_inq_cb);
	v->inqwake.data = v;
	ev_async_start(v->loop, &v->inqwake);
	v->dark = 1;
	ev_async_init(&v->viewerwake, console_viewer_cb);
	v->viewerwake.data = v;
	ev_async_start(v->loop, &v->viewerwake);
	if (v->screen != NULL)
		console_hook(v);
	vncd_show(v);
	console_connect(v);
	return 0;
}

/* The first viewer has the screen drawn (at each screen_up). */
void
console_hook(struct vncd *v)
{
	v->newhook = v->screen->newClientHook;
	v->screen->newClientHook = console_viewer_new;
}

void
console_fini(struct vncd *v)
{
	ev_timer_stop(v->loop, &v->soldretry);
	ev_timer_stop(v->loop, &v->resync);
	ev_async_stop(v->loop, &v->inqwake);
	ev_async_stop(v->loop, &v->viewerwake);
	if (v->soldfd != -1) {
		ev_io_stop(v->loop, &v->soldio);
		close(v->soldfd);
		v->soldfd = -1;
	}
}
