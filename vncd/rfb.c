/* rfb.c: libvncserver glue: the screen, its listener, viewers' input. */
/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include <rfb/keysym.h>
#include <rfb/rfb.h>

#include "log.h"
#include "sock.h"
#include "util.h"
#include "vncd.h"

/*
 * Threaded libvncserver (ref/console-vnc.md §2): a listener thread and two
 * threads per viewer, so a viewer that stalls mid-handshake or stops
 * reading holds up only its own threads.  Debian's 0.9.14 pitfalls are
 * avoided here: no IPv6 listener of its own (ipv6port = 0), no httpd
 * (web.c serves noVNC), our own listening socket (any address, port 0).
 */

#define RFB_FINI_WAIT_MS	3000	/* viewer threads' time to go at exit */

/* Per-viewer state: modifiers held, for Ctrl/Alt combinations. */
struct rfb_viewer {
	unsigned	mods;
	char		host[SOCK_ADDRSTR_MAX];
};

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

static void
rfb_viewer_gone(rfbClientPtr cl)
{
	struct rfb_viewer	*vw = cl->clientData;

	if (vw != NULL) {
		log_info("viewer %s gone", vw->host);
		free(vw);
	}
	cl->clientData = NULL;
	/* 0.9.14 never frees a WebSocket viewer's context; nothing uses it now */
	free(cl->wsctx);
	cl->wsctx = NULL;
}

static enum rfbNewClientAction
rfb_viewer_new(rfbClientPtr cl)
{
	struct rfb_viewer	*vw;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen = sizeof(ss);

	if ((vw = calloc(1, sizeof(*vw))) == NULL) {
		log_warn("viewer");
		return RFB_CLIENT_REFUSE;
	}
	if (getpeername(cl->sock, (struct sockaddr *)&ss, &sslen) == -1 ||
	    sock_addr_str((struct sockaddr *)&ss, sslen, vw->host,
	    sizeof(vw->host)) == NULL)
		strlcpy(vw->host, "?", sizeof(vw->host));
	cl->clientData = vw;
	cl->clientGoneHook = rfb_viewer_gone;
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
	rfbDefaultPtrAddEvent(buttons, x, y, cl);
}

int
rfb_init(struct vncd *v)
{
	rfbScreenInfoPtr	 s;
	char			 nul[] = " ";

	rfbLog = rfb_logproc;
	rfbErr = rfb_logproc;

	if ((v->rfbfd = sock_tcp_listen(v->listen, "127.0.0.1", 16)) == -1) {
		log_warn("listen %s", v->listen);
		return -1;
	}
	/*
	 * Blocking on purpose: 0.9.14's listenerRun reuses the previous
	 * client pointer when accept() fails, so EAGAIN must not happen.
	 */
	if (sock_set_nonblock(v->rfbfd, 0) == -1 ||
	    sock_local_str(v->rfbfd, v->rfbaddr, sizeof(v->rfbaddr)) == NULL) {
		log_warn("listen %s", v->listen);
		return -1;
	}

	if ((s = rfbGetScreen(NULL, NULL, v->w, v->h, 8, 3, 4)) == NULL) {
		log_warnx("rfbGetScreen failed");
		return -1;
	}
	v->screen = s;
	s->screenData = v;
	s->frameBuffer = (char *)v->px;
	s->desktopName = v->desktop;
	s->alwaysShared = TRUE;
	s->port = 0;			/* we listen ourselves */
	s->ipv6port = 0;
	s->autoPort = FALSE;
	s->httpDir = NULL;
	s->deferUpdateTime = 0;		/* change-to-pixels latency */
	s->maxClientWait = 5000;	/* a viewer not reading for 5 s goes */
	s->newClientHook = rfb_viewer_new;
	s->kbdAddEvent = rfb_key;
	s->ptrAddEvent = rfb_ptr;
	/* no pointer shape: the text screen has none (proxy: upstream draws) */
	s->cursor = rfbMakeXCursor(1, 1, nul, nul);
	if (v->password[0] != '\0') {
		v->passwords[0] = v->password;
		v->passwords[1] = NULL;
		s->authPasswdData = v->passwords;
		s->passwordCheck = rfbCheckPasswordByList;
	}
	rfbInitServer(s);
	s->listenSock = v->rfbfd;
	s->maxFd = v->rfbfd > s->maxFd ? v->rfbfd : s->maxFd;
	return 0;
}

int
rfb_start(struct vncd *v)
{
	rfbRunEventLoop(v->screen, -1, TRUE);
	return 0;
}

/*
 * Not rfbShutdownServer(s, TRUE): 0.9.14 reads cl->client_thread for
 * pthread_join after the viewer's thread may have freed cl (seen under
 * ASan).  Stop the listener, close every viewer (each thread then frees
 * its own), and wait for the list to empty.
 */
void
rfb_fini(struct vncd *v)
{
	rfbClientIteratorPtr	it;
	rfbClientPtr		cl;
	int			i;

	if (v->screen != NULL) {
		if (v->screen->backgroundLoop) {
			rfbShutdownServer(v->screen, FALSE);
			if ((it = rfbGetClientIterator(v->screen)) != NULL) {
				/* closing twice frees cl->wspath twice */
				while ((cl = rfbClientIteratorNext(it)) != NULL)
					if (cl->state != RFB_SHUTDOWN)
						rfbCloseClient(cl);
				rfbReleaseClientIterator(it);
			}
			for (i = 0; i < RFB_FINI_WAIT_MS / 10 &&
			    v->screen->clientHead != NULL; i++)
				usleep(10000);
		} else if (v->rfbfd != -1)
			close(v->rfbfd);
		v->rfbfd = -1;
		rfbScreenCleanup(v->screen);
		v->screen = NULL;
	} else if (v->rfbfd != -1) {
		close(v->rfbfd);
		v->rfbfd = -1;
	}
}

void
rfb_mark(struct vncd *v, int x0, int y0, int x1, int y1)
{
	rfbMarkRectAsModified(v->screen, x0, y0, x1, y1);
}

void
rfb_scroll(struct vncd *v, int x0, int y0, int x1, int y1, int dy)
{
	/* the pixels were moved already (fb.c); viewers get a CopyRect */
	rfbScheduleCopyRect(v->screen, x0, y0, x1, y1, 0, dy);
}

int
rfb_resize(struct vncd *v, uint32_t *px, int w, int h)
{
	rfbNewFramebuffer(v->screen, (char *)px, w, h, 8, 3, 4);
	v->px = px;
	v->w = w;
	v->h = h;
	return 0;
}

void
rfb_set_name(struct vncd *v, const char *name)
{
	/* read by viewer threads at ServerInit: swap in a complete string */
	static char	names[2][VNCD_NAME_MAX];
	static int	which;

	which ^= 1;
	strlcpy(names[which], name, sizeof(names[which]));
	v->screen->desktopName = names[which];
}
