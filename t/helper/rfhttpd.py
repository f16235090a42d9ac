#!/usr/bin/python3
# rfhttpd.py [-N fd] [-d dir] [-f n] [-o file]: a loopback HTTP server for the
# redfishd tests: serves dir (virtual media images; GET and HEAD) and
# appends each POSTed body as one line to file (an event sink); the first
# n POSTs are refused with 503 (delivery retries).  Writes
# "127.0.0.1:PORT" to fd when listening, as the daemons do with -N.
# SPDX-License-Identifier: ISC
import getopt, http.server, os, signal, sys, threading

opts, _ = getopt.getopt(sys.argv[1:], 'N:d:f:o:')
opts = dict(opts)
root = opts.get('-d', '.')
sink = opts.get('-o')
lock = threading.Lock()
refuse = [int(opts.get('-f', '0'))]


class H(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **kw):
        super().__init__(*a, directory=root, **kw)

    def do_POST(self):
        n = int(self.headers.get('Content-Length', 0))
        body = self.rfile.read(n).decode('utf-8', 'replace')
        with lock:
            if refuse[0] > 0:
                refuse[0] -= 1
                self.send_response(503)
                self.send_header('Content-Length', '0')
                self.end_headers()
                return
        if sink:
            with lock, open(sink, 'a') as f:
                f.write(body.replace('\n', ' ') + '\n')
        self.send_response(200)
        self.send_header('Content-Length', '0')
        self.end_headers()

    def log_message(self, *a):
        pass


signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
if '-N' in opts:
    fd = int(opts['-N'])
    os.write(fd, f'127.0.0.1:{srv.server_address[1]}\n'.encode())
    os.close(fd)
srv.serve_forever()
