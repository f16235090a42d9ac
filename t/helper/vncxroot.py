#!/usr/bin/python3
# vncxroot.py: "xsetroot -solid #rrggbb" for vncd's tests without
# x11-xserver-utils: paint the root window of $DISPLAY (a local Xvfb, no
# authorization) one colour, speaking the X11 protocol on its unix socket.
# usage: vncxroot.py -solid '#rrggbb'
# SPDX-License-Identifier: ISC
import os
import socket
import struct
import sys

if len(sys.argv) != 3 or sys.argv[1] != '-solid' or not sys.argv[2].startswith('#'):
    sys.exit('usage: vncxroot.py -solid #rrggbb')
pixel = int(sys.argv[2][1:], 16)
dpy = os.environ.get('DISPLAY', ':0').split(':')[1].split('.')[0]
s = socket.socket(socket.AF_UNIX)
s.connect('/tmp/.X11-unix/X' + dpy)


def recv(n):
    b = b''
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            sys.exit('X server closed')
        b += c
    return b


# connection setup, little-endian, no authorization (X11 protocol, ch. 8)
s.sendall(struct.pack('<BxHHHHxx', 0x6c, 11, 0, 0, 0))
head = recv(8)
if head[0] != 1:
    sys.exit('X server refused: %r' % recv(struct.unpack('<H', head[6:8])[0] * 4))
data = recv(struct.unpack('<H', head[6:8])[0] * 4)
vlen, nformats = struct.unpack('<H', data[16:18])[0], data[21]
off = 32 + (vlen + 3) // 4 * 4 + 8 * nformats
root = struct.unpack('<I', data[off:off + 4])[0]
# ChangeWindowAttributes(root, CWBackPixel), ClearArea(root, whole),
# GetInputFocus as a round trip so both are done when we exit
s.sendall(struct.pack('<BxHIII', 2, 4, root, 0x2, pixel) +
          struct.pack('<BBHIhhHH', 61, 0, 4, root, 0, 0, 0, 0) +
          struct.pack('<BxH', 43, 1))
while True:
    r = recv(32)
    if r[0] == 1:
        break
    if r[0] == 0:
        sys.exit('X error %d' % r[1])
