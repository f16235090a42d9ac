/* vncfn.c: libvncserver and libvncclient through dlopen(3) (vncfn.h). */
/* SPDX-License-Identifier: ISC */

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#include "log.h"
#include "vncfn.h"

struct vncfn		 vf;

#define SYM(member, name)	{ #name, offsetof(struct vncfn, member) }

struct vncfn_sym {
	const char	*name;
	size_t		 off;
};

static const struct vncfn_sym	server_syms[] = {
	SYM(get_screen, rfbGetScreen),
	SYM(init_server, rfbInitServerWithPthreadsAndZRLE),
	SYM(screen_cleanup, rfbScreenCleanup),
	SYM(new_framebuffer, rfbNewFramebuffer),
	SYM(new_client, rfbNewClient),
	SYM(start_on_hold_client, rfbStartOnHoldClient),
	SYM(close_client, rfbCloseClient),
	SYM(connection_gone, rfbClientConnectionGone),
	SYM(client_iterator, rfbGetClientIterator),
	SYM(client_iterator_next, rfbClientIteratorNext),
	SYM(release_client_iterator, rfbReleaseClientIterator),
	SYM(make_xcursor, rfbMakeXCursor),
	SYM(check_password_by_list, rfbCheckPasswordByList),
	SYM(default_ptr_add_event, rfbDefaultPtrAddEvent),
	SYM(mark_rect_as_modified, rfbMarkRectAsModified),
	SYM(mark_region_as_modified, rfbMarkRegionAsModified),
	SYM(schedule_copy_rect, rfbScheduleCopyRect),
	SYM(rgn_create, sraRgnCreate),
	SYM(rgn_create_rect, sraRgnCreateRect),
	SYM(rgn_destroy, sraRgnDestroy),
	SYM(rgn_or, sraRgnOr),
	SYM(rgn_empty, sraRgnEmpty),
	SYM(ws_check, webSocketsCheck),
};

static const struct vncfn_sym	client_syms[] = {
	SYM(get_client, rfbGetClient),
	SYM(init_client, rfbInitClient),
	SYM(client_cleanup, rfbClientCleanup),
	SYM(client_set_data, rfbClientSetClientData),
	SYM(client_get_data, rfbClientGetClientData),
	SYM(handle_server_message, HandleRFBServerMessage),
	SYM(send_key_event, SendKeyEvent),
	SYM(send_pointer_event, SendPointerEvent),
};

/*
 * dlopen by soname (Debian's libvncserver1 and libvncclient1: the ABI the
 * headers describe), so the -dev packages' links are not needed; set the
 * two log procedures; fill the table.  0, or -1 after one log line.
 */
static int
load(const char *lib, const struct vncfn_sym *syms, size_t n,
    const char *logname, const char *errname, rfbLogProc logp)
{
	void		*h, *f;
	rfbLogProc	*lp, *ep;
	size_t		 i;

	if ((h = dlopen(lib, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		log_warnx("%s", dlerror());
		return -1;
	}
	for (i = 0; i < n; i++) {
		/* dlsym(h): the library's own, not ours (webSocketsCheck) */
		if ((f = dlsym(h, syms[i].name)) == NULL) {
			log_warnx("%s: no %s", lib, syms[i].name);
			return -1;
		}
		/* POSIX: a function pointer has the size of a void * */
		*(void **)((char *)&vf + syms[i].off) = f;
	}
	*(void **)&lp = dlsym(h, logname);
	*(void **)&ep = dlsym(h, errname);
	if (lp == NULL || ep == NULL) {
		log_warnx("%s: no %s", lib, lp == NULL ? logname : errname);
		return -1;
	}
	*lp = logp;
	*ep = logp;
	log_debug("%s loaded", lib);
	return 0;
}

static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
/* 0 not tried, 1 loaded, -1 failed */
static int		 server_st, client_st;

/* load() once per library, whichever thread asks first */
static int
load_once(int *state, const char *lib, const struct vncfn_sym *syms,
    size_t n, const char *logname, const char *errname, rfbLogProc logp)
{
	int	st;

	pthread_mutex_lock(&lock);
	if (*state == 0)
		*state = load(lib, syms, n, logname, errname, logp) == 0 ?
		    1 : -1;
	st = *state;
	pthread_mutex_unlock(&lock);
	return st == 1 ? 0 : -1;
}

int
vncfn_server(rfbLogProc logp)
{
	return load_once(&server_st, "libvncserver.so.1", server_syms,
	    sizeof(server_syms) / sizeof(server_syms[0]), "rfbLog", "rfbErr",
	    logp);
}

int
vncfn_client(rfbClientLogProc logp)
{
	return load_once(&client_st, "libvncclient.so.1", client_syms,
	    sizeof(client_syms) / sizeof(client_syms[0]), "rfbClientLog",
	    "rfbClientErr", logp);
}
