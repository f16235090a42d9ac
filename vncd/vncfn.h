/* vncfn.h: libvncserver and libvncclient, loaded when vncd first needs them. */
/* SPDX-License-Identifier: ISC */
#ifndef VNCD_VNCFN_H
#define VNCD_VNCFN_H

#include <rfb/rfb.h>
#include <rfb/rfbclient.h>
#include <rfb/rfbregion.h>

/*
 * Most BMCs of a lab never get a VNC viewer.  Linked, libvncserver and
 * libvncclient and the libraries they need (GnuTLS, p11-kit, libgcrypt,
 * nettle, GMP, SASL, libjpeg, LZO, zlib, ...) cost every vncd about
 * 350 kB of relocated, private pages, more heap from their constructors,
 * and 3 ms of start-up: an idle console-mode vncd had 750 kB of private
 * memory (784 kB PSS per server of a fleet of 100), now 220 kB (219 kB).
 * So they are opened with dlopen(3) when first needed (console mode: the
 * first viewer, before its screen is made; proxy mode: at start) and
 * called through this table; the headers give only types and struct
 * layouts.  The members have their own names:
 * functions named rfb* would interpose the libraries' internal calls
 * wherever they are linked too (test programs).  rfb.c's
 * webSocketsCheck is the one interposition vncd wants: the executable
 * exports it (Makefile), and ws_check is the library's own.
 */
struct vncfn {
	/* libvncserver */
	rfbScreenInfoPtr (*get_screen)(int *, char **, int, int, int, int,
	    int);
	void	(*init_server)(rfbScreenInfoPtr);
	void	(*screen_cleanup)(rfbScreenInfoPtr);
	void	(*new_framebuffer)(rfbScreenInfoPtr, char *, int, int, int, int,
	    int);
	rfbClientPtr (*new_client)(rfbScreenInfoPtr, rfbSocket);
	void	(*start_on_hold_client)(rfbClientPtr);
	void	(*close_client)(rfbClientPtr);
	void	(*connection_gone)(rfbClientPtr);
	rfbClientIteratorPtr (*client_iterator)(rfbScreenInfoPtr);
	rfbClientPtr (*client_iterator_next)(rfbClientIteratorPtr);
	void	(*release_client_iterator)(rfbClientIteratorPtr);
	rfbCursorPtr (*make_xcursor)(int, int, char *, char *);
	rfbBool	(*check_password_by_list)(rfbClientPtr, const char *, int);
	void	(*default_ptr_add_event)(int, int, int, rfbClientPtr);
	void	(*mark_rect_as_modified)(rfbScreenInfoPtr, int, int, int, int);
	void	(*mark_region_as_modified)(rfbScreenInfoPtr, sraRegionPtr);
	void	(*schedule_copy_rect)(rfbScreenInfoPtr, int, int, int, int, int,
	    int);
	sraRegion *(*rgn_create)(void);
	sraRegion *(*rgn_create_rect)(int, int, int, int);
	void	(*rgn_destroy)(sraRegion *);
	void	(*rgn_or)(sraRegion *, const sraRegion *);
	rfbBool	(*rgn_empty)(const sraRegion *);
	rfbBool	(*ws_check)(rfbClientPtr);		/* webSocketsCheck */

	/* libvncclient */
	rfbClient *(*get_client)(int, int, int);
	rfbBool	(*init_client)(rfbClient *, int *, char **);
	void	(*client_cleanup)(rfbClient *);
	void	(*client_set_data)(rfbClient *, void *, void *);
	void	*(*client_get_data)(rfbClient *, void *);
	rfbBool	(*handle_server_message)(rfbClient *);
	rfbBool	(*send_key_event)(rfbClient *, uint32_t, rfbBool);
	rfbBool	(*send_pointer_event)(rfbClient *, int, int, int);
};

extern struct vncfn	 vf;

/*
 * Open libvncserver (vncfn_server) or libvncclient (vncfn_client), once,
 * from any thread, and set the library's log procedures (rfbLog and
 * rfbErr, rfbClientLog and rfbClientErr) to logp.  0, or -1 when it cannot
 * be loaded: logged once, and every later call returns -1 at once.
 */
int	vncfn_server(rfbLogProc logp);
int	vncfn_client(rfbClientLogProc logp);

#endif
