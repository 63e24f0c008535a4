#!/usr/bin/env python3
"""An independent C3D reader for the tests (Python standard library only, written from
the C3D format description, sharing nothing with treadguard's C++ reader). Intel
processor files, integer or float. Prints one JSON object: rate, frames, channel labels
and units, force platform type/channels, and every analog channel's values in units."""
import json
import struct
import sys


def main(path):
    data = open(path, 'rb').read()
    if data[1] != 0x50:
        sys.exit('not a C3D file')
    pstart = (data[0] - 1) * 512
    if data[pstart + 3] != 84:
        sys.exit('only Intel files')
    points, analog_per_frame, first, last = struct.unpack_from('<HHHH', data, 2)
    scale, = struct.unpack_from('<f', data, 12)
    data_block, samples_per_frame = struct.unpack_from('<HH', data, 16)
    params, groups = {}, {}
    at = pstart + 4
    while True:
        nlen = abs(struct.unpack_from('b', data, at)[0])
        if nlen == 0:
            break
        gid = struct.unpack_from('b', data, at + 1)[0]
        name = data[at + 2:at + 2 + nlen].decode('ascii').upper()
        link_at = at + 2 + nlen
        link, = struct.unpack_from('<H', data, link_at)
        if gid < 0:
            groups[-gid] = name
        else:
            ptype = struct.unpack_from('b', data, link_at + 2)[0]
            ndims = data[link_at + 3]
            dims = list(data[link_at + 4:link_at + 4 + ndims])
            count = 1
            for d in dims:
                count *= d
            body = link_at + 4 + ndims
            if ptype == -1:
                raw = data[body:body + count].decode('latin-1')
                width = dims[0] if dims else 1
                value = [raw[i:i + width].rstrip() for i in range(0, len(raw), width)] if width else []
            else:
                fmt = {1: 'b', 2: 'h', 4: 'f'}[ptype]
                value = list(struct.unpack_from('<%d%s' % (count, fmt), data, body))
            params[(gid, name)] = value
        if link == 0:
            break
        at = link_at + link

    def get(group, name, default=None):
        gid = [k for k, v in groups.items() if v == group]
        return params.get((gid[0], name), default) if gid else default

    frames = last - first + 1
    end = get('TRIAL', 'ACTUAL_END_FIELD')
    start = get('TRIAL', 'ACTUAL_START_FIELD')
    if end and start:
        frames = (end[0] & 0xffff) + 65536 * end[1] - ((start[0] & 0xffff) + 65536 * start[1]) + 1
    channels = int(get('ANALOG', 'USED', [0])[0])
    scales = get('ANALOG', 'SCALE', [1.0] * channels)
    offsets = get('ANALOG', 'OFFSET', [0] * channels)
    gen = get('ANALOG', 'GEN_SCALE', [1.0])[0]
    is_float = scale < 0
    width = 4 if is_float else 2
    fmt = '<%d%s' % (channels, 'f' if is_float else 'h')
    frame_bytes = points * 4 * width + analog_per_frame * width
    pos = (data_block - 1) * 512
    values = [[] for _ in range(channels)]
    for f in range(frames):
        a = pos + f * frame_bytes + points * 4 * width
        for s in range(samples_per_frame):
            row = struct.unpack_from(fmt, data, a + s * channels * width)
            for c in range(channels):
                values[c].append((row[c] - offsets[c]) * scales[c] * gen)
    print(json.dumps({
        'rate_hz': get('ANALOG', 'RATE', [0])[0],
        'frames': frames,
        'labels': get('ANALOG', 'LABELS', []),
        'units': get('ANALOG', 'UNITS', []),
        'plate_types': get('FORCE_PLATFORM', 'TYPE', []),
        'plate_channels': get('FORCE_PLATFORM', 'CHANNEL', []),
        'values': values,
    }))


if __name__ == '__main__':
    main(sys.argv[1])
