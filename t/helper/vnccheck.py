#!/usr/bin/python3
# vnccheck.py: check vncd screenshots (PPM from vncgrab, JPEG from
# vncsnapshot, PNG from chromium) against an expected rendering.
#   vnccheck.py match IMAGE LINES [TOL]   text rows (LINES: a file, one row a
#       line, light gray on black) drawn with vncd/font.c's glyphs equal the
#       image's text cells: exactly when TOL is 0, else each cell's mean
#       absolute difference below TOL (JPEG noise)
#   vnccheck.py nosignal IMAGE            the no-signal box is on screen
#   vnccheck.py desktop IMAGE [MIN]       a compose server's own screen:
#       no no-signal box, and at least MIN (100) 16x16 blocks of near white
#       (bmcsim-server's xclock face; twm's root and the no-signal screen
#       have none, a black screen neither)
#   vnccheck.py text IMAGE [MIN]          at least MIN (100) light-gray pixels
#   vnccheck.py find IMAGE TEXT           some row starts with TEXT (exact
#       light-gray-on-black cells); prints the row
#   vnccheck.py pixel IMAGE X Y R G B [TOL]
# Exit 0 when the check holds, 1 otherwise (with a reason on stderr).
# SPDX-License-Identifier: ISC
import os
import re
import sys

from PIL import Image

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def font():
    src = open(os.path.join(TOP, 'vncd', 'font.c')).read()
    a = src.index('font8x16[256][16] = {')
    b = src.index('};', a)
    body = re.sub(r'/\*.*?\*/', '', src[a:b])
    hexes = [int(h, 16) for h in re.findall(r'0x([0-9a-f]{2})\b', body)]
    assert len(hexes) == 256 * 16, len(hexes)
    return [hexes[i * 16:(i + 1) * 16] for i in range(256)]


def fail(msg):
    sys.stderr.write('vnccheck: %s\n' % msg)
    sys.exit(1)


def match(img, lines, tol):
    f = font()
    im = img.convert('RGB')
    fg, bg = (0xaa, 0xaa, 0xaa), (0, 0, 0)
    px = im.load()
    worst, total, n = 0.0, 0.0, 0
    for row, text in enumerate(lines):
        for col in range(80):
            ch = ord(text[col]) if col < len(text) else 32
            g = f[ch]
            d = 0
            for y in range(14):          # rows 14-15 may hold the cursor
                for x in range(8):
                    want = fg if g[y] & (0x80 >> x) else bg
                    got = px[col * 8 + x, row * 16 + y]
                    d += sum(abs(got[k] - want[k]) for k in range(3))
            d /= 14 * 8 * 3.0
            total += d
            n += 1
            if d > worst:
                worst, where = d, (row, col)
    mean = total / n
    print('cells=%d mean-diff=%.2f worst=%.2f at row %d col %d' %
          (n, mean, worst, where[0], where[1]) if worst > 0 else
          'cells=%d exact' % n)
    if tol == 0 and worst > 0:
        fail('not exact')
    if tol > 0 and (worst > tol or mean > tol / 3.0):
        fail('differs beyond tolerance %g' % tol)


def row_is(px, f, row, text):
    fg, bg = (0xaa, 0xaa, 0xaa), (0, 0, 0)
    for col, c in enumerate(text):
        g = f[ord(c)]
        for y in range(14):
            for x in range(8):
                want = fg if g[y] & (0x80 >> x) else bg
                if px[col * 8 + x, row * 16 + y] != want:
                    return False
    return True


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    img = Image.open(path).convert('RGB')
    if cmd == 'match':
        lines = open(sys.argv[3]).read().split('\n')
        if lines and lines[-1] == '':
            lines.pop()
        match(img, lines, float(sys.argv[4]) if len(sys.argv) > 4 else 0)
    elif cmd == 'find':
        f, px = font(), img.load()
        for row in range(img.size[1] // 16):
            if row_is(px, f, row, sys.argv[3]):
                print('row %d' % row)
                return
        fail('%r not on screen' % sys.argv[3])
    elif cmd == 'nosignal':
        c = img.getcolors(1 << 24)
        box = sum(n for n, rgb in c if all(abs(rgb[k] - (0x20, 0x28, 0x60)[k]) < 12 for k in range(3)))
        white = sum(n for n, rgb in c if min(rgb) > 0xe0)
        print('box=%d white=%d' % (box, white))
        if box < 2000 or white < 100:
            fail('no no-signal box')
    elif cmd == 'desktop':
        want = int(sys.argv[3]) if len(sys.argv) > 3 else 100
        c = img.getcolors(1 << 24)
        box = sum(n for n, rgb in c if all(abs(rgb[k] - (0x20, 0x28, 0x60)[k]) < 12 for k in range(3)))
        w, h = img.size
        g = img.convert('L').crop((0, 0, w - w % 16, h - h % 16)).reduce(16)
        white = sum(1 for v in g.getdata() if v > 235)
        print('%dx%d box=%d white-blocks=%d' % (w, h, box, white))
        if box >= 2000:
            fail('the no-signal screen')
        if white < want:
            fail('no desktop: %d white blocks' % white)
    elif cmd == 'text':
        want = int(sys.argv[3]) if len(sys.argv) > 3 else 100
        c = img.getcolors(1 << 24)
        gray = sum(n for n, rgb in c if all(abs(v - 0xaa) < 24 for v in rgb))
        print('gray=%d' % gray)
        if gray < want:
            fail('no text: %d light-gray pixels' % gray)
    elif cmd == 'pixel':
        x, y = int(sys.argv[3]), int(sys.argv[4])
        want = [int(v, 0) for v in sys.argv[5:8]]
        tol = int(sys.argv[8]) if len(sys.argv) > 8 else 0
        got = img.getpixel((x, y))
        print('pixel %d,%d = %s' % (x, y, got))
        if any(abs(got[k] - want[k]) > tol for k in range(3)):
            fail('pixel %s, want %s' % (got, want))
    else:
        fail('unknown command %s' % cmd)


main()
