#!/usr/bin/env python3
"""Drafting script for the Sangfor SCP open API spec (seed 004_8c0a1546f2dc6205.txt).

Parses the converted document (section headings, tab-separated tables, fenced samples,
the summary table 5.2 with the minimum platform versions) and writes scp.yaml and
groups/<group>.yaml into --out.

It wrote the first draft of spec/sangfor/. That YAML was then reviewed and corrected by hand
and is the source of truth; this script is kept to show how the draft was made. Its output
goes to a scratch directory by default, so running it never overwrites the reviewed spec.

usage: python3 draft.py --out DIR [--seed PATH] [--report FILE]
"""
import argparse
import collections
import copy
import json
import os
import re
import sys

import yaml

SEED_NAME = '004_8c0a1546f2dc6205.txt'
HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------------------
# groups
# ---------------------------------------------------------------------------------------
NATIVE_GROUPS = {
    '横幅告警管理': ('banner-alarms', 'Banner alarms'),
    '系统管理': ('system', 'System management'),
    '平台资源管理': ('platform', 'Platform resources'),
    '集群管理': ('clusters', 'Clusters'),
    '一致性组管理': ('consistency-groups', 'Consistency groups'),
    '租户管理': ('tenants', 'Tenants'),
    '用户管理': ('users', 'Users'),
    '操作日志管理': ('operation-logs', 'Operation logs'),
    '角色管理': ('roles', 'Roles'),
    '配额管理': ('quotas', 'Quotas'),
    '云主机管理': ('servers', 'Cloud servers'),
    '快照管理': ('snapshot-policies', 'Scheduled snapshot policies'),
    '镜像管理': ('images', 'Images'),
    '计费管理': ('billing', 'Billing'),
    '存储管理': ('storage', 'Storage'),
    '网络管理': ('network', 'Network'),
    '卷管理': ('volumes', 'Volumes'),
    '调度策略管理': ('scheduling-policies', 'Scheduling policies'),
    '调度组管理': ('scheduling-groups', 'Scheduling groups'),
    '备份策略管理': ('backup-policies', 'Backup policies'),
    '告警管理': ('alarms', 'Alarms'),
    '监控管理': ('monitoring', 'Monitoring'),
    '对象存储管理': ('object-storage', 'Object storage'),
    '工单管理': ('tickets', 'Tickets'),
    'IAM管理': ('iam', 'IAM'),
    '自定义属性管理': ('custom-attributes', 'Custom attributes'),
    '备份资源管理': ('backup-resources', 'Backup resources'),
    'GPU管理': ('gpu', 'GPU'),
}
OPENSTACK_GROUPS = {
    'keystone': ('openstack-identity', 'OpenStack-compatible identity (Keystone v2.0)', '/openstack/identity/v2.0'),
    'glance': ('openstack-image', 'OpenStack-compatible image (Glance v2)', '/openstack/image'),
    'nova': ('openstack-compute', 'OpenStack-compatible compute (Nova v2)', '/openstack/compute/v2'),
    'neutron': ('openstack-network', 'OpenStack-compatible network (Neutron v2.0)', '/openstack/network'),
    'cinder': ('openstack-volume', 'OpenStack-compatible block storage (Cinder v2)', '/openstack/volume/v2/{project_id}'),
    'gnocchi': ('openstack-metric', 'OpenStack-compatible metric (Gnocchi v1)', '/openstack/metric'),
    'extensions': ('openstack-extensions', 'Sangfor extensions to the OpenStack-compatible API', None),
}

SUBSECTION_TITLES = {
    '使用场景及约束', 'URI', 'URL', '请求', '响应', '返回码', '请求🔗', '返回值', '请求样例', '响应样例',
    '无', '参数说明', '请求参数', '响应参数', '对应SCP界面入口',
}

RATE_GET = {'requests': 600, 'per': 'minute', 'key': 'GET'}
RATE_WRITE = {'requests': 100, 'per': 'minute', 'key': 'WRITE'}

# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------
HEAD_RE = re.compile(r'^(\d+(?:\.\d+)+)\.\s*(.*?)\s*¶?\s*$')
HEAD_NODOT_RE = re.compile(r'^(\d+(?:\.\d+){2,})\s+(URI|URL|请求|响应|返回码|使用场景及约束)\s*¶?\s*$')
HTML_RE = re.compile(r'</?(?:code|b|i|strong|em|ul|li|ol|br|p|span)[^>]*>')


def clean(s):
    s = HTML_RE.sub('', s or '')
    s = s.replace('¶', '')
    s = re.sub(r'\[([^\]]*)\]\(#\)', r'\1', s)          # [text](#) links
    s = s.replace('**', '')
    s = re.sub(r'[ \t]+', ' ', s)
    return s.strip()


def norm_title(s):
    s = clean(s)
    s = s.replace('（', '(').replace('）', ')')
    s = re.sub(r'\s+', '', s)
    s = s.replace('(20190725版本)', '(2019)').replace('(20200725版本)', '(2020)')
    s = s.replace('(20210725版本)', '(2021)').replace('(20220725版本)', '(2022)')
    return s.lower()


def pascal(s):
    parts = re.split(r'[^0-9A-Za-z]+', s)
    out = ''.join(p[:1].upper() + p[1:] for p in parts if p)
    if out and out[0].isdigit():
        out = 'V' + out
    return out


def snake(s):
    s = re.sub(r'([a-z0-9])([A-Z])', r'\1_\2', s)
    s = re.sub(r'[^0-9A-Za-z]+', '_', s).strip('_').lower()
    return re.sub(r'_+', '_', s)


# ---------------------------------------------------------------------------------------
# document model
# ---------------------------------------------------------------------------------------
class Table:
    def __init__(self, start, caption, header, rows):
        self.start = start
        self.caption = caption
        self.header = header
        self.rows = rows
        self.context = None  # 'uri' | 'request' | 'response' | None

    def key(self):
        c = clean(self.caption or '')
        c = re.sub(r'^表\s*\d+(?:\.\s?\d+)*(?:l(?=\s))?\s*', '', c)      # "表 4.11. 26l encryption" (1 read as l)
        c = c.replace('*', '').replace('`', '')          # *scheduled_full_backup* / `retention` (markup)
        return c.strip()

    def __repr__(self):
        return f'Table({self.start}, {self.key()!r}, {self.header})'


HEADER_WORDS = ('参数名', '参数名称', '枚举值', 'REST VERB', 'status', 'type类型', '资源类型', 'NFV设备类型',
                '工单类型', 'resource', '返回值', '模块', '请求方法', '响应码', '序号', 'Key', '方法', '名称', '参数')


def is_header(line):
    first = line.split('\t')[0].strip()
    return first in HEADER_WORDS or first.startswith('参数名')


class Doc:
    def __init__(self, path):
        self.lines = open(path, encoding='utf-8').read().split('\n')
        self.os_start = next(i for i, l in enumerate(self.lines) if l.strip() == 'OpenStack-API接口说明文档')
        self.heads = []
        for i, l in enumerate(self.lines):
            m = HEAD_RE.match(l)
            if m and re.match(r'^\d\s', m.group(2)):
                m = None          # "4.13.12.4 响应" (no final dot) is read as 4.13.12 + "4 响应"
            if not m:
                m = HEAD_NODOT_RE.match(l)
            if not m:
                continue
            num, title = m.group(1), m.group(2)
            if '**' in title:           # "编辑绑定自定义属性信息(2019)**4.26.9.1. 使用场景及约束**"
                title = title.split('**')[0]
            self.heads.append((i, num, clean(title)))
        self.head_at = {h[0]: h for h in self.heads}

    # tables: runs of lines holding a tab; page breaks (blank lines) inside a table are
    # joined when the run after the break is not a new header / caption.
    def tables(self, start, end):
        L = self.lines
        out = []
        i = start
        in_code = False
        last_text = start
        while i < end:
            l = L[i]
            if l.strip().startswith('```'):
                in_code = not in_code
                i += 1
                continue
            if in_code:
                i += 1
                continue
            if '\t' in l and l.strip():
                j = i
                run = []
                while j < end and '\t' in L[j] and L[j].strip() and not L[j].strip().startswith('```'):
                    run.append(L[j])
                    j += 1
                # caption: the closest non-blank line before i (within 4 lines) starting with 表
                caption = None
                k = i - 1
                gap_text = False
                while k >= max(start, i - 6):
                    t = L[k].strip()
                    if t:
                        if t.startswith('表'):
                            caption = t
                        else:
                            gap_text = True
                        break
                    k -= 1
                first = run[0]
                prev = out[-1] if out else None
                only_blank_between = prev is not None and all(not L[x].strip() for x in range(prev.end, i))
                if is_header(first):
                    if prev is not None and only_blank_between and caption is None and \
                            [c.strip() for c in first.split('\t')] == [c.strip() for c in prev.header] and \
                            prev.header[0] != 'REST VERB':
                        prev.rows.extend(r.split('\t') for r in run[1:])   # repeated header after a page break
                        prev.end = j
                    else:
                        t = Table(i, caption, [c.strip() for c in first.split('\t')], [r.split('\t') for r in run[1:]])
                        t.end = j
                        out.append(t)
                else:
                    if prev is not None and (only_blank_between or not gap_text):
                        prev.rows.extend(r.split('\t') for r in run)
                        prev.end = j
                    else:
                        t = Table(i, caption, None, [r.split('\t') for r in run])
                        t.end = j
                        out.append(t)
                i = j
                continue
            i += 1
        return out

    def code_blocks(self, start, end):
        """fenced blocks; consecutive blocks separated only by blank lines are joined (page breaks)."""
        L = self.lines
        out = []
        i = start
        while i < end:
            if L[i].strip().startswith('```'):
                j = i + 1
                while j < end and not L[j].strip().startswith('```'):
                    j += 1
                body = L[i + 1:j]
                # page-break join
                k = j + 1
                while k < end and not L[k].strip():
                    k += 1
                if out and out[-1]['end'] is not None and all(not L[x].strip() for x in range(out[-1]['end'] + 1, i)):
                    out[-1]['text'] += '\n' + JOIN + '\n' + '\n'.join(body)
                    out[-1]['end'] = j
                else:
                    out.append({'start': i, 'end': j, 'text': '\n'.join(body)})
                i = j + 1
                continue
            i += 1
        return out


# ---------------------------------------------------------------------------------------
# JSON samples: lenient parsing
# ---------------------------------------------------------------------------------------
JOIN = '\x00JOIN'


def unjoin_variants(t):
    """a sample cut by a page break: the conversion sometimes closed the brackets of the first
    part; try dropping 0..5 closing lines before the join"""
    if JOIN not in t:
        return [t]
    a, b = t.split(JOIN, 1)
    if JOIN in b:
        return [v for w in unjoin_variants(b) for v in unjoin_variants(a + JOIN + w)][:40]
    lines = a.rstrip().split('\n')
    out = []
    for k in range(0, 6):
        if k and (len(lines) < k or not re.fullmatch(r'\s*[\]}],?\s*', lines[-k])):
            break
        head = '\n'.join(lines[:len(lines) - k]) if k else '\n'.join(lines)
        out.append(head + '\n' + b)
        if b.lstrip().startswith('"') and head.rstrip()[-1:] in ('}', ']', '"') or \
                re.match(r'[\d\w]', head.rstrip()[-1:] or ' ') and b.lstrip().startswith('"'):
            out.append(head + ',\n' + b)
    return out


def join_broken_strings(t):
    """a newline inside a JSON string is a line wrap of the conversion: drop it and the
    indentation that follows"""
    out = []
    ins = False
    esc = False
    i = 0
    while i < len(t):
        c = t[i]
        if ins:
            if esc:
                esc = False
            elif c == '\\':
                esc = True
            elif c == '"':
                ins = False
            elif c == '\n':
                j = i + 1
                while j < len(t) and t[j] in ' \t':
                    j += 1
                i = j
                continue
        elif c == '"':
            ins = True
        out.append(c)
        i += 1
    return ''.join(out)


def balance(t):
    """repair brackets broken by the conversion: an object opened where a key is expected
    ("server": { {), a closer that does not match (a missing "}" before "]"), closers missing at
    the end, extra closers."""
    out, stack = [], []
    ins = esc = False
    prev = ''
    for c in t:
        if ins:
            out.append(c)
            if esc:
                esc = False
            elif c == '\\':
                esc = True
            elif c == '"':
                ins = False
            continue
        if c == '"':
            ins = True
            out.append(c)
            prev = c
            continue
        if c in '{[':
            if c == '{' and prev == '{':
                continue
            stack.append(c)
        elif c in '}]':
            want = '{' if c == '}' else '['
            if want not in stack:
                continue
            while stack and stack[-1] != want:
                out.append('}' if stack.pop() == '{' else ']')
            stack.pop()
        out.append(c)
        if not c.isspace():
            prev = c
    while stack:
        out.append('}' if stack.pop() == '{' else ']')
    return ''.join(out)


def parse_json(text, drop=None):
    variants = unjoin_variants(text)
    if drop is not None and JOIN in text:
        # the reading chosen by hand: drop `drop` closing lines before the page break
        a, b = text.split(JOIN, 1)
        lines = a.rstrip().split('\n')
        v = '\n'.join(lines[:len(lines) - drop]) + ',\n' + b
        val, err = parse_json1(v)
        return val, err
    best = None
    for v in variants:
        val, err = parse_json1(v)
        if err is None:
            return val, None
        if err == 'repaired' and (best is None or best[1] != 'repaired'):
            best = (val, err)
        elif best is None:
            best = (val, err)
    return best


def parse_json1(text):
    t = text.strip()
    if not t or t in ('略', '无'):
        return None, 'empty'
    if re.match(r'^(https?://|GET |POST |PUT |DELETE )', t):
        return None, 'url'
    # line numbers from screenshots
    if re.match(r'^\d+ [\[{]', t):
        return None, 'screenshot'
    cands = [t, join_broken_strings(t)]
    u = join_broken_strings(t).replace('“', '"').replace('”', '"').replace('，', ',').replace('：', ':')
    cands.append(u)
    # join strings broken over lines
    v = re.sub(r'(?<=[^\s,\[{:])\n(?=[^\s"\]}])', '', u)
    cands.append(v)
    w = re.sub(r',(\s*[\]}])', r'\1', v)                 # trailing commas
    cands.append(w)
    x = re.sub(r'\bNone\b', 'null', w).replace('True', 'true').replace('False', 'false')
    x = re.sub(r"'([^'\n]*)'", r'"\1"', x)
    cands.append(x)
    y = re.sub(r'//[^\n"]*\n', '\n', x)
    y = re.sub(r'#[^\n"]*\n', '\n', y)
    y = re.sub(r'\.\.\.,?', '', y)
    y = re.sub(r',(\s*[\]}])', r'\1', y)
    cands.append(y)
    # broken string continuation: "abc\n  def" inside strings
    z = re.sub(r'"([^"\n]*)\n\s*([^"\n]*)"', lambda m: '"' + m.group(1) + m.group(2) + '"', y)
    cands.append(z)
    for c in cands:
        try:
            return json.loads(c), None
        except Exception:
            pass
    for c in cands[-3:]:
        try:
            return json.loads(balance(c)), 'repaired'
        except Exception:
            pass
    # a fragment {...}{...} or trailing garbage: take the first complete value
    for c in cands[-3:]:
        try:
            dec = json.JSONDecoder()
            val, idx = dec.raw_decode(c)
            return val, 'partial'
        except Exception:
            pass
    return None, 'unparsed'


# ---------------------------------------------------------------------------------------
# operations
# ---------------------------------------------------------------------------------------
class Op:
    pass


def find_ops(doc):
    L = doc.lines
    ops = []
    for i, l in enumerate(L):
        if not l.startswith('REST VERB'):
            continue
        part = 'openstack' if i > doc.os_start else 'native'
        prev = [h for h in doc.heads if h[0] < i and (h[0] > doc.os_start) == (part == 'openstack')]
        op_head = None
        for h in reversed(prev):
            t = re.sub(r'\s+', '', h[2]).rstrip('¶')
            if t in SUBSECTION_TITLES or t.startswith('使用场景') or t.startswith('请求') or t.startswith('响应'):
                continue
            op_head = h
            break
        lvl = op_head[1].count('.')
        # section end: next heading of level <= lvl (in the same part)
        end = len(L) if part == 'openstack' else doc.os_start
        for h in doc.heads:
            if h[0] > op_head[0] and h[1].count('.') <= lvl and h[0] > i:
                if re.sub(r'\s+', '', h[2]) in SUBSECTION_TITLES:
                    continue      # "4.11.5.5. 返回码": a subsection numbered like its operation
                end = h[0]
                break
        # the native appendix starts at "5. 附录"
        if part == 'native':
            for k in range(i, end):
                if L[k].strip() in ('5. 附录',):
                    end = k
                    break
        else:
            for k in range(i, end):
                if L[k].strip() in ('5. 公共参数',):
                    end = k
                    break
        o = Op()
        o.part = part
        o.start, o.end = op_head[0], end
        o.section, o.title = op_head[1], op_head[2]
        o.uri_line = i
        rows = []
        j = i + 1
        while j < len(L) and L[j].strip():
            rows.append(L[j].split('\t'))
            j += 1
        o.uri_rows = rows
        o.method = rows[0][0].strip().upper()
        o.doc_path = clean(rows[0][1])
        o.uri_desc = clean(rows[0][2]) if len(rows[0]) > 2 else ''
        # group: level-2 ancestor (4.x)
        anc = {}
        for h in doc.heads:
            if h[0] <= op_head[0] and (h[0] > doc.os_start) == (part == 'openstack'):
                anc[h[1].count('.')] = h
                for k in list(anc):
                    if k > h[1].count('.'):
                        del anc[k]
        o.ancestors = [anc[k] for k in sorted(anc)]
        g = anc.get(1)
        o.group_zh = g[2]
        sub = anc.get(2)
        o.subgroup_zh = sub[2] if sub and sub[0] != op_head[0] else None
        ops.append(o)
    # 4.27.2 创建备份资源: the conversion lost its heading and its URI table; its tables and
    # sample follow those of 4.27.1 (from "表 4.27.6" on). Method and path from the sample line
    # "https://{SCP_IP}/janus/20180725/backup-resources" and the summary row 348.
    for k, o in enumerate(ops):
        if o.part == 'native' and o.section == '4.27.1':
            cut = next(i for i in range(o.start, o.end) if L[i].startswith('表 4.27.6'))
            n = Op()
            n.__dict__.update(o.__dict__)
            n.start, n.end = cut, o.end
            o.end = cut
            n.section, n.title = '4.27.2', '创建备份资源'
            n.method, n.doc_path, n.uri_desc = 'POST', '/janus/20180725/backup-resources', '创建备份资源'
            n.initial_ctx = 'request'
            ops.insert(k + 1, n)
            break
    return ops


def split_subsections(doc, o):
    """map line -> context (uri/request/response/codes/usage/other)"""
    ctx = {}
    cur = getattr(o, 'initial_ctx', 'usage')
    for i in range(o.start, o.end):
        h = doc.head_at.get(i)
        if h and i != o.start:
            t = re.sub(r'\s+', '', h[2])
            if t.startswith('URI') or t.startswith('URL'):
                cur = 'uri'
            elif t.startswith('请求'):
                cur = 'request'
            elif t.startswith('响应'):
                cur = 'response'
            elif t.startswith('返回码') or t.startswith('返回值'):
                cur = 'codes'
            elif t.startswith('使用场景'):
                cur = 'usage'
            else:
                cur = 'other:' + t
        else:
            s = doc.lines[i].strip()
            if re.match(r'^-?\s*请求参数', s):
                cur = 'request'
            elif re.match(r'^[-●]?\s*响应参数', s):
                cur = 'response'
            elif re.match(r'^[-●]?\s*请求样例', s):
                cur = 'request-sample'
            elif re.match(r'^[-●]?\s*响应样例', s):
                cur = 'response-sample'
        ctx[i] = cur
    return ctx


def load_summary(doc):
    L = doc.lines
    start = next(i for i, l in enumerate(L) if l.strip() == '5.2. 接口汇总表')
    rows = []
    i = start + 1
    while i < doc.os_start:
        l = L[i]
        m = re.match(r'^(\d{2,3})\t(.*)$', l)
        if m:
            cells = l.split('\t')
            # a row broken by a page: "36\t云主机管理 / 云主\t迁移云主机\t6.3.83 及以上版本"
            rows.append({'no': int(cells[0]), 'group': clean(cells[1]), 'name': clean(cells[2]),
                         'version': clean(cells[3]) if len(cells) > 3 else '', 'line': i + 1})
        i += 1
    return rows


def version_of(text):
    m = re.search(r'(\d+\.\d+\.\d+(?:R\d+)?(?:-[\w\-]+)?)', text or '')
    return m.group(1) if m else None


# ---------------------------------------------------------------------------------------
# enum tables (公共参数)
# ---------------------------------------------------------------------------------------
def load_enums(doc):
    enums = {}
    for t in doc.tables(0, len(doc.lines)):
        if not t.header or t.header[0] != '枚举值':
            continue
        name = t.key()
        if not name:
            # heading title above
            hs = [h for h in doc.heads if h[0] < t.start]
            name = hs[-1][2] if hs else ''
        vals = []
        for r in t.rows:
            v = clean(r[0])
            d = clean(r[1]) if len(r) > 1 else ''
            if v:
                vals.append((v, d))
        for nm in {name, re.sub(r'\s+', '', name)}:
            enums.setdefault(nm, []).append((t.start, vals))
    return enums


# ---------------------------------------------------------------------------------------
# types
# ---------------------------------------------------------------------------------------
def map_type(raw):
    """vendor type -> (schema dict, kind) kind: scalar/object/array"""
    t = clean(raw).replace(' ', '')
    tl = t.lower()
    nullable = False
    if tl.endswith('ornone'):
        nullable = True
        tl = tl[:-6]
    s = {}
    kind = 'scalar'
    m = re.match(r'^int\((-?\d+),(-?\d+)\)(或者0)?$', tl)
    if m:
        s = {'type': 'integer'}
        if not m.group(3):
            s['minimum'] = int(m.group(1))
            s['maximum'] = int(m.group(2))
    elif tl in ('int', 'integer', 'long'):
        s = {'type': 'integer'}
    elif tl in ('float', 'double', 'intorfloat', 'number'):
        s = {'type': 'number'}
    elif tl in ('string', 'str', 'strng', 'urlstring', 'uuidtype', 'datetime', 'name', 'inst', 'intstring'):
        s = {'type': 'string'}
    elif tl in ('boolean', 'bool'):
        s = {'type': 'boolean'}
    elif tl in ('dict', 'object'):
        s = {'type': 'object'}
        kind = 'object'
    elif tl in ('list', 'array', 'lis(dict)', 'list(dict)', 'list(rp)'):
        s = {'type': 'array'}
        kind = 'array-object' if 'dict' in tl or 'rp' in tl else 'array'
    elif tl.startswith('list('):
        inner = tl[5:-1]
        m = re.match(r'^(\d+),(\d+)$', inner)
        if m:
            s = {'type': 'array', 'minItems': int(m.group(1)), 'maxItems': int(m.group(2))}
            kind = 'array'
        elif inner in ('string', 'str'):
            s = {'type': 'array', 'items': {'type': 'string'}}
        elif inner == 'int':
            s = {'type': 'array', 'items': {'type': 'integer'}}
        elif inner == 'list':
            s = {'type': 'array', 'items': {'type': 'array', 'items': {}}}
        elif inner in ('stringorint',):
            s = {'type': 'array', 'items': {}}
        else:
            s = {'type': 'array'}
            kind = 'array'
    else:
        s = {}            # "string or int", "dict or list(dict)", "string or dict", empty
        kind = 'any'
    if nullable:
        s['nullable'] = True
    return s, kind


def yes(v):
    v = clean(v)
    return v in ('是', 'Y', 'y', 'yes', 'Yes', 'true', '必选', '必须')


# ---------------------------------------------------------------------------------------
# building schemas from tables
# ---------------------------------------------------------------------------------------
class Field:
    def __init__(self, name, typ, desc, req, loc=None, line=None):
        self.name, self.typ, self.desc, self.req, self.loc, self.line = name, typ, desc, req, loc, line


def table_fields(t):
    """rows -> list of Field, using the header's column names."""
    h = t.header or []
    idx = {}
    for k, c in enumerate(h):
        c = c.strip()
        if c.startswith('参数名') or c in ('名称',):
            idx['name'] = k
        elif c == '参数位置':
            idx['loc'] = k
        elif c in ('参数类型', '类型'):
            idx['type'] = k
        elif c in ('描述', '参数说明', '备注', '说明', '描述信息'):
            idx['desc'] = k
        elif c in ('是否必选', '是否必须', '必选', '是否一定返回', '是否一定必选', '是否'):
            idx.setdefault('req', k)
    if 'name' not in idx or 'type' not in idx:
        return None
    out = []
    for r in t.rows:
        r = [c for c in r]
        if not r or not r[0].strip():
            # a cell continued after a page break ("\t\t\t\t母、数字和特殊字符中的三项\t")
            frag = ''.join(c.strip() for c in r)
            if out and frag and 'desc' in idx:
                out[-1].desc = (out[-1].desc + frag) if out[-1].desc else frag
            continue
        if len(r) > len(h) and len([c for c in r if c.strip()]) <= len(h):
            # a stray empty cell after a page break ("availability_zone\tbody\tstring\t\t可用区名称\t是")
            k = next((k for k in range(1, len(r)) if not r[k].strip()), None)
            if k is not None:
                r = r[:k] + r[k + 1:]
        if 'loc' not in idx and len(r) > 1 and r[1].strip() in ('body', 'path', 'query', 'header') and len(r) >= len(h):
            loc = r[1].strip()
            r = [r[0]] + r[2:]
        else:
            loc = r[idx['loc']].strip() if 'loc' in idx and idx['loc'] < len(r) else None

        def cell(key):
            k = idx.get(key)
            return r[k] if k is not None and k < len(r) else ''
        name = clean(cell('name'))
        if not re.match(r'^[A-Za-z_][\w\.\-\[\]:]*$', name):
            continue
        out.append(Field(name, cell('type'), clean(cell('desc')), yes(cell('req')) if 'req' in idx else False, loc, t.start))
    return out


REF_RE = re.compile(r'(?:参见|见|详见|参考)[:：]?\s*\[?\s*([A-Za-z_][\w\.\-]*(?:\s+[A-Za-z_][\w\.\-]*)*)\s*\]?\s*(?:\(#\))?\s*参数说明')
ENUM_REF_RE = re.compile(r'(?:参见|见|详见)[:：]?\s*\[?\s*([^\s,，;；。\]\(（][^,，;；。\]\(（]*?)\s*\]?\s*(?:\(#\))?\s*(?:[,，;；。]|$)')


class Builder:
    def __init__(self, doc, enums, report):
        self.used_tables = set()
        self.doc = doc
        self.enums = enums
        self.report = report

    def enum_for(self, desc, schema, op):
        if schema.get('type') == 'array' and schema.get('items', {}).get('type') in ('string', 'integer') \
                and 'properties' not in schema['items']:
            return self.enum_for(desc, schema['items'], op)
        if schema.get('type') not in ('string', 'integer'):
            return
        for m in ENUM_REF_RE.finditer(desc or ''):
            name = m.group(1).strip()
            name = re.sub(r'\s+', '', name)
            cands = self.enums.get(name)
            if not cands:
                continue
            # the enum table nearest before the op (same group preferred)
            best = None
            for line, vals in cands:
                if best is None or abs(line - op.start) < abs(best[0] - op.start):
                    best = (line, vals)
            vals = best[1]
            if schema['type'] == 'integer':
                try:
                    ev = [int(v) for v, _ in vals]
                except ValueError:
                    continue
            else:
                ev = [v for v, _ in vals]
            schema['enum'] = ev
            descs = {str(v): d for v, d in vals if d and d != v}
            if descs:
                schema['x-enum-descriptions'] = descs
            return

    def prose_constraints(self, s, desc):
        if s.get('type') == 'integer' and 'minimum' not in s and not re.search(r'-\d+\s*表示', desc):
            m = re.search(r'(?:取值范围|范围)[在为是]?[:：]?\s*[\[（(]?\s*(-?\d+)\s*[~\-－,，]\s*(-?\d+)\s*[\]）)]?', desc)
            if m and int(m.group(1)) <= int(m.group(2)):
                s['minimum'], s['maximum'] = int(m.group(1)), int(m.group(2))
        if s.get('type') == 'string':
            m = re.search(r'[Ll]en\s*<\s*(\d+)', desc)
            if m:
                s['maxLength'] = int(m.group(1)) - 1
            m = re.search(r'长度(?:范围)?(?:为|[:：])?\s*(\d+)\s*[~\-－至到]\s*(\d+)', desc)
            if m:
                s['minLength'], s['maxLength'] = int(m.group(1)), int(m.group(2))
            m = re.search(r"Enum\s*\(([^)]*)\)", desc)
            if m:
                vals = re.findall(r"'([^']*)'|\"([^\"]*)\"|“([^”]*)”", m.group(1))
                vals = [a or b or c for a, b, c in vals]
                if vals:
                    s['enum'] = vals
        if s.get('type') == 'string' and 'enum' not in s and not re.search(r'[~～]|范围', desc):
            # "0代表不删除，1代表删除" on a string field: string values "0", "1"
            pairs = re.findall(r'(?<![\d\.\w])(\d+)\s*(?:代表|表示)\s*([^\d，,；;。、\s)）]{1,20})', desc)
            vals = collections.OrderedDict()
            for v, d in pairs:
                vals.setdefault(v, d)
            if len(vals) >= 2:
                s['enum'] = list(vals)
                s['x-enum-descriptions'] = dict(vals)
        if s.get('type') == 'integer' and 'enum' not in s:
            m = re.search(r"Enum\s*\(\s*(-?\d+(?:\s*,\s*-?\d+)*)\s*\)", desc)
            if m:
                s['enum'] = [int(x) for x in re.findall(r'-?\d+', m.group(1))]
        if s.get('type') == 'integer' and 'enum' not in s and re.search(r'-\d+\s*表示', desc) and \
                re.search(r'(\d+)\s*[~～]\s*(\d+)', desc):
            lo = min(int(x) for x in re.findall(r'(-\d+)\s*表示', desc))
            hi = max(int(x) for x in re.findall(r'(\d+)', desc))
            s['minimum'], s['maximum'] = lo, hi
        if s.get('type') == 'integer' and 'enum' not in s and not re.search(r'[~～]|范围', desc):
            # "1表示彻底删除，0表示软删除" / "0为否，1为是"
            pairs = re.findall(r'(?<![\d\.])(-?\d+)\s*(?:表示|为|：|:|-)\s*([^\d，,；;。、\s)）]{1,20})', desc)
            vals = {}
            for v, d in pairs:
                vals.setdefault(int(v), d)
            if len(vals) >= 2 and ('minimum' not in s or all(s['minimum'] <= v <= s['maximum'] for v in vals)):
                if 'minimum' in s and set(vals) == set(range(s['minimum'], s['maximum'] + 1)) or \
                        ('minimum' not in s and len(vals) >= 2 and re.search(r'(?<![\d\.])\d+\s*表示', desc)):
                    s['x-enum-descriptions'] = {str(k): v for k, v in sorted(vals.items())}
                    s['enum'] = sorted(vals)

    def build_object(self, fields, tables, op, name_stem, used, depth=0, required_mode='request', stack=()):
        """fields -> schema dict (object). Nested tables are found in `tables` (key -> Table)."""
        props = collections.OrderedDict()
        required = []
        # dotted names: a.b -> nested
        roots = {f.name for f in fields if '.' not in f.name}
        top = [f for f in fields if '.' not in f.name or f.name.split('.')[0] not in roots]
        dotted = [f for f in fields if '.' in f.name and f.name.split('.')[0] in roots]
        for f in top:
            if f.name in props:
                continue
            self.cur_siblings = {g.name for g in fields}
            props[f.name] = self.field_schema(f, tables, op, name_stem, used, depth, required_mode,
                                              [d for d in dotted if d.name.split('.')[0] == f.name], stack)
            if f.req:
                required.append(f.name)
        for d in dotted:
            root = d.name.split('.')[0]
            if root not in props:
                # "Token.tenant.id" (case slip) or parent missing
                cand = [p for p in props if p.lower() == root.lower()]
                if not cand:
                    self.report.append(f'{op.section} dotted field without parent: {d.name}')
        s = {'type': 'object', 'properties': dict(props)}
        if required:
            s['required'] = required
        return s

    def field_schema(self, f, tables, op, name_stem, used, depth, required_mode, dotted, stack=()):
        ff = getattr(self, 'cur_fix', {}).get('freeform', {})
        if f.name in ff:
            # a structure that depends on another field's value (no oneOf in the drafts)
            text = ff[f.name]
            if text.startswith('!'):          # object or array, by variant: no type
                return {'description': f'{f.desc}（{text[1:]}）'}
            return {'type': 'object', 'additionalProperties': {}, 'description': f'{f.desc}（{text}）'}
        s, kind = map_type(f.typ)
        s = dict(s)
        desc = f.desc
        nested = None
        if (kind in ('object', 'array-object', 'array', 'any') or 'list' in f.typ or REF_RE.search(f.desc or '')) and not dotted:
            nested = self.nested_table(f, [t for t in tables if t.start not in stack], op)
        if nested is not None and depth < 8:
            nfields = table_fields(nested)
            if nfields:
                sub = self.build_object(nfields, tables, op, name_stem + pascal(f.name), used, depth + 1, required_mode,
                                        tuple(stack) + (nested.start,))
                if kind in ('array', 'array-object') or (kind == 'any' and 'list' in f.typ):
                    s['type'] = 'array'
                    s['items'] = sub
                elif s.get('type') == 'array':
                    s['items'] = sub
                else:
                    if s.get('type') not in (None, 'object'):
                        self.report.append(f'TYPE {op.section}: {f.name} is typed {clean(f.typ)} but described by a table -> object')
                        s = {k: v for k, v in s.items() if k in ('nullable',)}
                    s.update(sub)
                    s['type'] = 'object'
                used.add(nested.start)
        elif dotted:
            sub_fields = [Field(d.name.split('.', 1)[1], d.typ, d.desc, d.req, d.loc, d.line) for d in dotted]
            sub = self.build_object(sub_fields, tables, op, name_stem + pascal(f.name), used, depth + 1, required_mode, stack)
            if s.get('type') == 'array':
                s['items'] = sub
            else:
                s.update(sub)
                s['type'] = 'object'
        if s.get('type') == 'array' and 'items' not in s:
            s['items'] = {'type': 'object'} if kind == 'array-object' else {}
        if s.get('type') == 'object' and 'properties' not in s:
            pass  # free-form
        if desc:
            s['description'] = desc
        self.enum_for(desc, s, op)
        self.prose_constraints(s, desc)
        return s

    def nested_table(self, f, tables, op):
        """the table describing field f: named in f's description ("参见: X 参数说明") or named
        after f; several tables for one field ("entities 当返回值为单个异步任务时, 参数说明" and
        "…多个…") are joined."""
        refs = [re.sub(r'\s+', '', m.group(1)) for m in REF_RE.finditer(f.desc or '')]
        siblings = getattr(self, 'cur_siblings', set())
        if any(r in siblings and r != f.name for r in refs):
            # the cross-reference names a sibling's table (4.3.14 dcluster_info: "详见 region_info 参数说明"):
            # a table named after the field itself wins
            keys = [f.name] + refs
        else:
            keys = refs + [f.name]
        # "参见： 变化区域信息": a structure table captioned with a Chinese title
        keys += [re.sub(r'\s+', '', m.group(1)) for m in ENUM_REF_RE.finditer(f.desc or '')
                 if not re.match(r'^[A-Za-z_]', m.group(1))]
        link = getattr(self, 'cur_fix', {}).get('links', {}).get(f.name)
        if isinstance(link, list):
            # a field described by several alternative tables (4.12.3 schema: daily/weekly/hourly):
            # their fields joined, none required
            ts = [t for t in tables if any(re.sub(r'\s*参数说明.*$', '', t.key()).strip() == k for k in link)]
            if ts:
                j = Table(ts[0].start, ts[0].caption, ts[0].header, [])
                ri = next((k for k, c in enumerate(j.header) if c in ('是否必选', '是否必须', '必选', '是否一定返回')), None)
                seen = set()
                for t in ts:
                    self.used_tables.add(t.start)
                    for r in t.rows:
                        r = list(r if t.header == j.header else self.remap(r, t.header, j.header))
                        if r and r[0].strip() not in seen:
                            seen.add(r[0].strip())
                            if ri is not None and ri < len(r):
                                r[ri] = '否'
                            j.rows.append(r)
                return j
        elif isinstance(link, str) and link.startswith('#'):
            ts = [t for t in tables if t.caption and link[1:] in t.caption.replace(' ', '')]
            if ts:
                self.used_tables.add(ts[0].start)
                return ts[0]
        elif link:
            keys = [link] + keys
        for k in keys:
            found = []
            for t in tables:
                tk = re.sub(r'\s*参数说明.*$', '', t.key()).strip().strip('`')
                first = re.match(r'^`?([A-Za-z_][\w\-\.]*)`?', tk)
                tk2 = first.group(1) if first else None
                tk = re.sub(r'\s+', '', tk)
                if tk == k or tk == k.replace('-', '_') or (tk2 == k and tk2 != tk):
                    found.append(t)
            if len(found) > 1 and f.line is not None:
                # the same name is described for the request and for the response: take the
                # tables after the field's own table, the nearest first (and its variants)
                after = sorted([t for t in found if t.start > f.line], key=lambda t: t.start) or \
                    sorted(found, key=lambda t: t.start)
                first = after[0]
                fk = re.sub(r'\s+', '', first.key())
                found = [first] + [t for t in after[1:] if t.context == first.context and re.sub(r'\s+', '', t.key()) != fk
                                   and not any(re.sub(r'\s+', '', u.key()) == re.sub(r'\s+', '', t.key()) for u in after[:after.index(t)])]
            for t in found:
                self.used_tables.add(t.start)
            if len(found) == 1:
                return found[0]
            if found:
                exact = [t for t in found if re.sub(r'\s+', '', re.sub(r'\s*参数说明.*$', '', t.key())).strip('`') == k]
                if len(exact) == 1:
                    return exact[0]
                # join the rows of the variants
                j = Table(found[0].start, found[0].caption, found[0].header, [])
                seen = set()
                for t in found:
                    for r in t.rows:
                        if r and r[0].strip() not in seen:
                            seen.add(r[0].strip())
                            j.rows.append(r if t.header == j.header else self.remap(r, t.header, j.header))
                return j
        return None

    @staticmethod
    def remap(row, src, dst):
        cols = {}
        for k, c in enumerate(src):
            if k < len(row):
                cols[c] = row[k]
        aliases = {'参数名': '参数名称', '参数名称': '参数名', '类型': '参数类型', '参数类型': '类型',
                   '备注': '参数说明', '参数说明': '备注', '描述': '参数说明'}
        out = []
        for c in dst:
            out.append(cols.get(c, cols.get(aliases.get(c, ''), '')))
        return out


# ---------------------------------------------------------------------------------------
# the summary (English names) — filled by hand, see TITLES_EN below
# ---------------------------------------------------------------------------------------
# English summaries and operationIds (the document has no official SDK), by section
TITLES_EN = {
    '4.1.2': ('Register a banner alarm', 'register_banner_alarm'),
    '4.1.3': ('Delete a banner alarm', 'delete_banner_alarm'),
    '4.2.2': ('Send emails in bulk', 'send_emails'),
    '4.2.3': ('Get the public key modulus (v2)', 'get_public_key_v2'),
    '4.2.4': ('Get the public key modulus', 'get_public_key'),
    '4.2.5': ('Get the SCP maintenance mode', 'get_maintenance_mode'),
    '4.2.6': ('Get the SCP version', 'get_scp_version'),
    '4.2.7': ('Get an asynchronous task', 'get_task'),
    '4.3.2': ('List resource pools', 'list_resource_pools'),
    '4.3.3': ('Get a resource pool', 'get_resource_pool'),
    '4.3.4': ('Get a resource pool (20200725 version)', 'get_resource_pool_v2020'),
    '4.3.5': ('Get the platform overview', 'get_platform_overview'),
    '4.3.6': ('List the network interfaces of a physical host', 'list_host_interfaces'),
    '4.3.7': ('Write the ANI configuration to HCI', 'write_ani_flow_config'),
    '4.3.8': ('Register a g2h proxy IP', 'create_g2h_proxy'),
    '4.3.9': ('List g2h proxy IPs', 'list_g2h_proxies'),
    '4.3.10': ('Delete a g2h proxy IP', 'delete_g2h_proxy'),
    '4.3.11': ('Get a g2h proxy IP', 'get_g2h_proxy'),
    '4.3.12': ('Update a g2h proxy IP', 'update_g2h_proxy'),
    '4.3.13': ('Run an orchestration task inside cloud servers', 'run_orchestration_task'),
    '4.3.14': ('Get the current version and cluster information', 'get_platform_info'),
    '4.3.15': ('List service data centers', 'list_service_data_centers'),
    '4.3.16': ('Get the platform license pool', 'get_license_summary'),
    '4.3.17.1': ('List physical hosts', 'list_hosts'),
    '4.3.17.2': ('List physical hosts (20190725 version)', 'list_hosts_v2019'),
    '4.4.2': ('Get the license of a cluster', 'get_cluster_license'),
    '4.4.3': ('Get the encrypted cluster password', 'get_cluster_password'),
    '4.4.4': ('Download a file from a cluster', 'download_cluster_file'),
    '4.4.5': ('Upload a file to a cluster', 'upload_cluster_file'),
    '4.4.6.1': ('List clusters', 'list_clusters'),
    '4.4.6.2': ('List clusters (20190725 version)', 'list_clusters_v2019'),
    '4.4.6.3': ('List clusters (20200725 version)', 'list_clusters_v2020'),
    '4.4.6.4': ('List clusters (20210725 version)', 'list_clusters_v2021'),
    '4.4.7.1': ('Get a cluster', 'get_cluster'),
    '4.4.7.2': ('Get a cluster (20190725 version)', 'get_cluster_v2019'),
    '4.5.2': ('Create a consistency group snapshot', 'create_consistency_group_snapshot'),
    '4.5.3': ('Update a consistency group snapshot', 'update_consistency_group_snapshot'),
    '4.5.4': ('Delete a consistency group', 'delete_consistency_group'),
    '4.5.5': ('Delete a consistency group snapshot', 'delete_consistency_group_snapshot'),
    '4.5.6': ('Restore a consistency group from a snapshot', 'recover_consistency_group_snapshot'),
    '4.5.7': ('Get consistency group summaries', 'list_consistency_group_summaries'),
    '4.5.8.1': ('Clone a consistency group snapshot', 'clone_consistency_group_snapshot'),
    '4.5.8.2': ('Clone a consistency group snapshot (20190725 version)', 'clone_consistency_group_snapshot_v2019'),
    '4.6.2': ('Get a tenant', 'get_tenant'),
    '4.6.3': ('Create a tenant', 'create_tenant'),
    '4.6.4': ('Update a tenant', 'update_tenant'),
    '4.6.5': ('Delete a tenant', 'delete_tenant'),
    '4.6.6': ('Associate resource pools with a tenant', 'add_tenant_resource_pools'),
    '4.6.7': ('Dissociate a resource pool from a tenant', 'remove_tenant_resource_pool'),
    '4.6.8.1': ('List tenants', 'list_tenants'),
    '4.6.8.2': ('List tenants (20190725 version)', 'list_tenants_v2019'),
    '4.7.1': ('Get a user', 'get_user'),
    '4.7.2.1': ('List users', 'list_users'),
    '4.7.2.2': ('List users (20190725 version)', 'list_users_v2019'),
    '4.8.2': ('Create an operation log', 'create_operation_log'),
    '4.8.3': ('Get an operation log', 'get_operation_log'),
    '4.8.4': ('Update an operation log', 'update_operation_log'),
    '4.8.5': ('List operation logs', 'list_operation_logs'),
    '4.9.1': ('List roles', 'list_roles'),
    '4.10.2': ('List quota items', 'list_quotas'),
    '4.10.3': ('Set quotas', 'set_quotas'),
    '4.10.4.1': ('Reserve quotas', 'reserve_quotas'),
    '4.10.4.2': ('Reserve quotas (20190725 version)', 'reserve_quotas_v2019'),
    '4.10.4.3': ('Reserve quotas (20200725 version)', 'reserve_quotas_v2020'),
    '4.10.5.1': ('Commit reserved quotas', 'commit_quotas'),
    '4.10.5.2': ('Commit reserved quotas (20190725 version)', 'commit_quotas_v2019'),
    '4.10.5.3': ('Commit reserved quotas (20200725 version)', 'commit_quotas_v2020'),
    '4.10.6.1': ('Roll back reserved quotas', 'rollback_quotas'),
    '4.10.6.2': ('Roll back reserved quotas (20190725 version)', 'rollback_quotas_v2019'),
    '4.10.6.3': ('Roll back reserved quotas (20200725 version)', 'rollback_quotas_v2020'),
    '4.11.2.1': ('Delete a cloud server', 'delete_server'),
    '4.11.2.2.1': ('List cloud servers', 'list_servers'),
    '4.11.2.2.2': ('List cloud servers (20210725 version)', 'list_servers_v2021'),
    '4.11.2.2.3': ('List cloud servers (20220725 version)', 'list_servers_v2022'),
    '4.11.2.2.4': ('List cloud servers (20190725 version)', 'list_servers_v2019'),
    '4.11.2.2.5': ('List cloud servers (20200725 version)', 'list_servers_v2020'),
    '4.11.2.3.1': ('Get the configuration of a cloud server', 'get_server'),
    '4.11.2.3.2': ('Get the configuration of a cloud server (20190725 version)', 'get_server_v2019'),
    '4.11.2.3.3': ('Get the configuration of a cloud server (20200725 version)', 'get_server_v2020'),
    '4.11.2.3.4': ('Get the configuration of a cloud server (20220725 version)', 'get_server_v2022'),
    '4.11.2.4.1': ('Create cloud servers', 'create_server'),
    '4.11.2.4.2': ('Create cloud servers (20190725 version)', 'create_server_v2019'),
    '4.11.2.4.3': ('Create cloud servers (20200725 version)', 'create_server_v2020'),
    '4.11.2.4.4': ('Create cloud servers (20210725 version)', 'create_server_v2021'),
    '4.11.2.5.1': ('Update a cloud server', 'update_server'),
    '4.11.2.5.2': ('Update a cloud server (20200725 version)', 'update_server_v2020'),
    '4.11.2.5.3': ('Update a cloud server (20210725 version)', 'update_server_v2021'),
    '4.11.3.1': ('Start a cloud server', 'start_server'),
    '4.11.3.2': ('Stop a cloud server', 'stop_server'),
    '4.11.3.3': ('Reboot a cloud server', 'reboot_server'),
    '4.11.3.4': ('Set cloud server mutual exclusion (deprecated)', 'set_server_mutex'),
    '4.11.3.5': ('Migrate a cloud server', 'migrate_server'),
    '4.11.3.6': ('Restore a cloud server from the recycle bin', 'restore_server'),
    '4.11.3.7': ('Suspend a cloud server', 'suspend_server'),
    '4.11.3.8': ('Open a cloud server console', 'create_server_remote_console'),
    '4.11.3.9': ('Run a batch operation on cloud servers', 'batch_server_action'),
    '4.11.3.10': ('Restore a cloud server from a backup', 'recover_server_from_backup'),
    '4.11.3.11': ('Reset a cloud server password', 'reset_server_password'),
    '4.11.3.12': ('Change the base image of a cloud server disk', 'rebase_server_backing_file'),
    '4.11.3.13': ('Merge "fast recovery" backup data of a cloud server', 'merge_server_backup_data'),
    '4.11.3.14.1': ('Assign a cloud server', 'allocate_server'),
    '4.11.3.14.2': ('Assign a cloud server (20190725 version)', 'allocate_server_v2019'),
    '4.11.3.15.1': ('Clone a cloud server', 'clone_server'),
    '4.11.3.15.2': ('Clone a cloud server (20190725 version)', 'clone_server_v2019'),
    '4.11.4.1': ('Update a cloud server snapshot', 'update_server_snapshot'),
    '4.11.4.2': ('Delete a cloud server snapshot', 'delete_server_snapshot'),
    '4.11.4.3': ('Restore a cloud server from a snapshot', 'recover_server_snapshot'),
    '4.11.4.5': ('Delete cloud server snapshots in bulk', 'delete_server_snapshots'),
    '4.11.4.6': ('Get a cloud server snapshot', 'get_server_snapshot'),
    '4.11.4.7.1': ('Create a cloud server snapshot', 'create_server_snapshot'),
    '4.11.4.7.2': ('Create a cloud server snapshot (20190725 version)', 'create_server_snapshot_v2019'),
    '4.11.4.8.1': ('List cloud server snapshots', 'list_server_snapshots'),
    '4.11.4.8.2': ('List cloud server snapshots (20190725 version)', 'list_server_snapshots_v2019'),
    '4.11.4.8.3': ('List cloud server snapshots (20200725 version)', 'list_server_snapshots_v2020'),
    '4.11.4.8.4': ('List cloud server snapshots (20210725 version)', 'list_server_snapshots_v2021'),
    '4.11.5.1': ('Create a cloud server backup', 'create_server_backup'),
    '4.11.5.2': ('List cloud server backups', 'list_server_backups'),
    '4.11.5.3': ('Get a cloud server backup', 'get_server_backup'),
    '4.11.5.4': ('Update a cloud server backup', 'update_server_backup'),
    '4.11.5.5': ('Delete a cloud server backup', 'delete_server_backup'),
    '4.11.6.1': ('Create a cloud server group', 'create_server_group'),
    '4.11.6.2': ('Update a cloud server group', 'update_server_group'),
    '4.11.6.3': ('List cloud server groups', 'list_server_groups'),
    '4.11.6.4': ('Delete a cloud server group', 'delete_server_group'),
    '4.11.7.1': ('Create a cloud server from a configuration', 'create_server_from_config'),
    '4.11.7.2': ('Update the detailed configuration of a cloud server', 'update_server_config'),
    '4.11.8.1': ('Get the CBT changed-block bitmap of a cloud server disk', 'get_server_cbt_changed_areas'),
    '4.11.8.2': ('Update the CBT status of a cloud server', 'update_server_cbt_status'),
    '4.11.8.3': ('Get the CBT information of a cloud server', 'get_server_cbt_status'),
    '4.11.9.1': ('Create a cloud server tag', 'create_server_tag'),
    '4.11.9.2': ('Update a cloud server tag', 'update_server_tag'),
    '4.11.9.3': ('List cloud server tags', 'list_server_tags'),
    '4.11.9.4': ('Delete a cloud server tag', 'delete_server_tag'),
    '4.12.2': ('List scheduled snapshot policies', 'list_snapshot_policies'),
    '4.12.3': ('Create a scheduled snapshot policy', 'create_snapshot_policy'),
    '4.12.4': ('Get the advanced settings of snapshot policies', 'get_snapshot_policy_settings'),
    '4.12.5': ('Update a scheduled snapshot policy', 'update_snapshot_policy'),
    '4.12.6': ('Delete a scheduled snapshot policy', 'delete_snapshot_policy'),
    '4.13.2': ('List images', 'list_images'),
    '4.13.3': ('List images (20200725 version)', 'list_images_v2020'),
    '4.13.4': ('List service images', 'list_service_images'),
    '4.13.5': ('List virtual network device images', 'list_vnetdev_images'),
    '4.13.6': ('Create an image from a cloud server', 'create_image_from_server'),
    '4.13.7': ('Create an image', 'create_image'),
    '4.13.8': ('Upload an image file', 'upload_image'),
    '4.13.9': ('Update an image', 'update_image'),
    '4.13.10': ('Delete an image', 'delete_image'),
    '4.13.11': ('List base images', 'list_base_images'),
    '4.13.12': ('Create a base image', 'create_base_image'),
    '4.13.13': ('Update a base image', 'update_base_image'),
    '4.13.14': ('Delete a base image', 'delete_base_image'),
    '4.13.15': ('List the replicas of a base image', 'list_base_image_replicas'),
    '4.13.16': ('Synchronize the replicas of a base image', 'sync_base_image_replicas'),
    '4.14.1': ('List the bills of a tenant', 'list_tenant_bills'),
    '4.14.2': ('Set the billing switch of tenants in bulk', 'set_tenant_billing'),
    '4.15.2': ('List storage tags', 'list_storage_tags'),
    '4.15.3': ('List physical disks', 'list_physical_disks'),
    '4.15.4': ('Refresh the configuration of a physical disk', 'refresh_physical_disk'),
    '4.15.5': ('Mount NFS storage', 'attach_nfs_storage'),
    '4.15.6': ('Unmount a storage', 'detach_storage'),
    '4.15.7': ('List storage policies', 'list_storage_policies'),
    '4.15.8.1': ('List storages', 'list_storages'),
    '4.15.8.2': ('List storages (20190725 version)', 'list_storages_v2019'),
    '4.15.8.3': ('List storages (20200725 version)', 'list_storages_v2020'),
    '4.16.2.1': ('List VPCs', 'list_vpcs'),
    '4.16.2.2': ('List the port mappings of a VPC', 'list_vpc_portmaps'),
    '4.16.2.3': ('Create a VPC', 'create_vpc'),
    '4.16.2.4': ('Delete a VPC', 'delete_vpc'),
    '4.16.3.1': ('List subnets', 'list_subnets'),
    '4.16.3.2': ('Get a subnet', 'get_subnet'),
    '4.16.3.3': ('Create a subnet', 'create_subnet'),
    '4.16.3.4': ('Update a subnet', 'update_subnet'),
    '4.16.3.5': ('Delete a subnet', 'delete_subnet'),
    '4.16.4.2': ('Create a firewall policy', 'create_dfw_policy'),
    '4.16.4.3': ('List distributed firewall policies', 'list_dfw_policies'),
    '4.16.4.4': ('Get a distributed firewall policy', 'get_dfw_policy'),
    '4.16.4.5': ('Update a distributed firewall policy (priority)', 'update_dfw_policy'),
    '4.16.4.6': ('Delete a distributed firewall policy', 'delete_dfw_policy'),
    '4.16.4.7': ('List DFW virtual machine groups', 'list_dfw_vm_groups'),
    '4.16.4.8': ('Create DFW virtual machine groups in bulk', 'create_dfw_vm_groups'),
    '4.16.4.9': ('Update DFW virtual machine groups in bulk', 'update_dfw_vm_groups'),
    '4.16.5.1': ('Create a virtual IP', 'create_virtual_ip'),
    '4.16.5.2': ('Delete a virtual IP', 'delete_virtual_ip'),
    '4.16.5.3': ('Bind or unbind devices of a virtual IP in bulk', 'bind_virtual_ip_devices'),
    '4.16.5.4.1': ('List virtual IPs', 'list_virtual_ips'),
    '4.16.5.4.2': ('List virtual IPs (20190725 version)', 'list_virtual_ips_v2019'),
    '4.16.5.5.1': ('Get a virtual IP', 'get_virtual_ip'),
    '4.16.5.5.2': ('Get a virtual IP (20190725 version)', 'get_virtual_ip_v2019'),
    '4.16.6.1': ('List ports', 'list_ports'),
    '4.16.6.2': ('List ports (20190725 version)', 'list_ports_v2019'),
    '4.16.6.3': ('Create a port', 'create_port'),
    '4.16.6.4': ('Delete a port', 'delete_port'),
    '4.16.7.1': ('List line types', 'list_line_types'),
    '4.16.8.1': ('List floating IP pools', 'list_floatingip_pools'),
    '4.16.8.2': ('Get a floating IP pool', 'get_floatingip_pool'),
    '4.16.8.3': ('Create a floating IP pool', 'create_floatingip_pool'),
    '4.16.8.4': ('Update a floating IP pool', 'update_floatingip_pool'),
    '4.16.8.5': ('Delete a floating IP pool', 'delete_floatingip_pool'),
    '4.16.8.6': ('List the subnets of a floating IP pool', 'list_floatingip_pool_subnets'),
    '4.16.8.7': ('Get a subnet of a floating IP pool', 'get_floatingip_pool_subnet'),
    '4.16.8.8': ('Create a subnet of a floating IP pool', 'create_floatingip_pool_subnet'),
    '4.16.8.9': ('Update a subnet of a floating IP pool', 'update_floatingip_pool_subnet'),
    '4.16.8.10': ('Delete a subnet of a floating IP pool', 'delete_floatingip_pool_subnet'),
    '4.16.9.1': ('Get a floating IP', 'get_floatingip'),
    '4.16.9.2': ('Create a floating IP', 'create_floatingip'),
    '4.16.9.3': ('Bind a floating IP', 'bind_floatingip'),
    '4.16.9.4': ('Unbind a floating IP', 'unbind_floatingip'),
    '4.16.9.5': ('Update the bandwidth of a floating IP', 'update_floatingip_bandwidth'),
    '4.16.9.6': ('Delete a floating IP', 'delete_floatingip'),
    '4.16.9.7.1': ('List floating IPs', 'list_floatingips'),
    '4.16.9.7.2': ('List floating IPs (20190725 version)', 'list_floatingips_v2019'),
    '4.16.10.1': ('Get a network device', 'get_vnetdev'),
    '4.16.10.2': ('Deploy a network device', 'create_vnetdev'),
    '4.16.10.3': ('Update a network device', 'update_vnetdev'),
    '4.16.10.4': ('Shut down network devices in bulk', 'stop_nfvs'),
    '4.16.10.5': ('Start network devices in bulk', 'start_nfvs'),
    '4.16.10.6': ('Delete a network device', 'delete_vnetdev'),
    '4.16.10.7': ('Deploy a virtual network device in the classic network', 'create_classic_vnetdev'),
    '4.16.10.8': ('Delete an NFV device from the classic network', 'delete_classic_vnetdev'),
    '4.16.10.9': ('Get the single sign-on configuration of a network device', 'get_vnetdev_sso'),
    '4.16.10.10': ('List NFV devices', 'list_nfvs'),
    '4.16.11.1': ('List public services', 'list_public_services'),
    '4.16.11.2': ('Create a public service', 'create_public_service'),
    '4.16.11.3': ('Delete a public service', 'delete_public_service'),
    '4.16.11.4': ('List the bindings of a public service', 'list_public_service_bindings'),
    '4.16.11.5': ('Create a public service binding', 'create_public_service_binding'),
    '4.16.11.6': ('Delete a public service binding', 'delete_public_service_binding'),
    '4.16.12.1': ('Create a device link', 'create_link'),
    '4.16.12.2': ('Cancel a device link', 'delete_link'),
    '4.16.13.1': ('Create a private line', 'create_private_line'),
    '4.16.13.2': ('Delete a private line', 'delete_private_line'),
    '4.16.13.3': ('Get a private line', 'get_private_line'),
    '4.16.13.4': ('List private lines', 'list_private_lines'),
    '4.16.13.5': ('Update a private line', 'update_private_line'),
    '4.16.14.1': ('List virtual interfaces', 'list_virtual_interfaces'),
    '4.16.14.2': ('Get a virtual interface', 'get_virtual_interface'),
    '4.16.14.3': ('Create a virtual interface', 'create_virtual_interface'),
    '4.16.14.4': ('Update a virtual interface', 'update_virtual_interface'),
    '4.16.14.5': ('Delete a virtual interface', 'delete_virtual_interface'),
    '4.16.15.2': ('Create a port mapping', 'create_portmap'),
    '4.16.15.3': ('Update a port mapping', 'update_portmap'),
    '4.16.15.4': ('Run a batch operation on port mappings', 'batch_portmap_action'),
    '4.16.15.5': ('List port mappings', 'list_portmaps'),
    '4.16.15.6': ('Get a port mapping', 'get_portmap'),
    '4.16.16.1.1': ('List classic network routers', 'list_classic_routers'),
    '4.16.16.1.2': ('Get a classic network router', 'get_classic_router'),
    '4.16.16.1.3': ('Update a classic network router', 'update_classic_router'),
    '4.16.16.1.4': ('Delete a classic network router', 'delete_classic_router'),
    '4.16.16.1.5': ('Create a classic network router', 'create_classic_router'),
    '4.16.16.2.1': ('List classic network physical egresses', 'list_classic_bvswitches'),
    '4.16.16.2.2': ('List classic network physical egresses (20190725 version)', 'list_classic_bvswitches_v2019'),
    '4.16.16.3.1': ('List classic network switches', 'list_classic_dvswitches'),
    '4.16.16.3.2': ('List classic network switches (20190725 version)', 'list_classic_dvswitches_v2019'),
    '4.16.16.3.3': ('Create a classic network switch', 'create_classic_dvswitch'),
    '4.16.16.3.4': ('Get a classic network switch', 'get_classic_dvswitch'),
    '4.16.16.3.5': ('Update a classic network switch', 'update_classic_dvswitch'),
    '4.16.16.3.6': ('Delete a classic network switch', 'delete_classic_dvswitch'),
    '4.16.16.4.1': ('Create a static route of a classic network router', 'create_classic_router_static_route'),
    '4.16.16.4.2': ('Update a static route of a classic network router', 'update_classic_router_static_route'),
    '4.16.16.4.3': ('Delete a static route of a classic network router', 'delete_classic_router_static_route'),
    '4.16.16.4.4': ('Get a static route of a classic network router', 'get_classic_router_static_route'),
    '4.16.16.4.5': ('List the static routes of a classic network router', 'list_classic_router_static_routes'),
    '4.16.16.5.1': ('Create an access control rule of a classic network router', 'create_classic_router_acl'),
    '4.16.16.5.2': ('Update an access control rule of a classic network router', 'update_classic_router_acl'),
    '4.16.16.5.3': ('List the access control rules of a classic network router', 'list_classic_router_acls'),
    '4.16.16.5.4': ('Get an access control rule of a classic network router', 'get_classic_router_acl'),
    '4.16.16.5.5': ('Delete an access control rule of a classic network router', 'delete_classic_router_acl'),
    '4.16.16.6.1': ('List the access control services of a classic network router', 'list_classic_router_acl_services'),
    '4.16.16.7.1': ('List the DNAT policies of a classic network router', 'list_classic_router_dnats'),
    '4.16.16.7.2': ('Get a DNAT policy of a classic network router', 'get_classic_router_dnat'),
    '4.16.16.7.3': ('Create a DNAT policy of a classic network router', 'create_classic_router_dnat'),
    '4.16.16.7.4': ('Update a DNAT policy of a classic network router', 'update_classic_router_dnat'),
    '4.16.16.7.5': ('Delete DNAT policies of a classic network router in bulk', 'delete_classic_router_dnats'),
    '4.16.16.7.6': ('Move DNAT policies of a classic network router in bulk', 'shift_classic_router_dnats'),
    '4.16.16.8.1': ('Create an SNAT policy of a classic network router', 'create_classic_router_snat'),
    '4.16.16.8.2': ('Update an SNAT policy of a classic network router', 'update_classic_router_snat'),
    '4.16.16.8.3': ('List the SNAT policies of a classic network router', 'list_classic_router_snats'),
    '4.16.16.8.4': ('Get an SNAT policy of a classic network router', 'get_classic_router_snat'),
    '4.16.16.8.5': ('Delete SNAT policies of a classic network router in bulk', 'delete_classic_router_snats'),
    '4.16.16.8.6': ('Move SNAT policies of a classic network router', 'shift_classic_router_snats'),
    '4.16.16.9.1': ('Create a DHCP address pool of a classic network router', 'create_classic_router_dhcp'),
    '4.16.16.9.2': ('Update a DHCP address pool of a classic network router', 'update_classic_router_dhcp'),
    '4.16.16.9.3': ('List the DHCP address pools of a classic network router', 'list_classic_router_dhcps'),
    '4.16.16.9.4': ('Get a DHCP address pool of a classic network router', 'get_classic_router_dhcp'),
    '4.16.16.9.5': ('Delete DHCP address pools of a classic network router in bulk', 'delete_classic_router_dhcps'),
    '4.16.16.9.6': ('List the DHCP statuses of a classic network router', 'list_classic_router_dhcp_statuses'),
    '4.16.16.10.1': ('List the DHCP IP-MAC bindings of a classic network router', 'list_classic_router_dhcp_ipmacs'),
    '4.16.16.10.2': ('Get a DHCP IP-MAC binding of a classic network router', 'get_classic_router_dhcp_ipmac'),
    '4.16.16.10.3': ('Create a DHCP IP-MAC binding of a classic network router', 'create_classic_router_dhcp_ipmac'),
    '4.16.16.10.4': ('Update a DHCP IP-MAC binding of a classic network router', 'update_classic_router_dhcp_ipmac'),
    '4.16.16.10.5': ('Delete DHCP IP-MAC bindings of a classic network router in bulk', 'delete_classic_router_dhcp_ipmacs'),
    '4.16.16.11.1': ('Create ports of a classic network router in bulk', 'create_classic_router_ports'),
    '4.16.16.11.2': ('Update a port of a classic network router', 'update_classic_router_port'),
    '4.16.16.11.3': ('List the ports of a classic network router', 'list_classic_router_ports'),
    '4.16.16.11.4': ('Get a port of a classic network router', 'get_classic_router_port'),
    '4.16.16.11.5': ('Delete ports of a classic network router in bulk', 'delete_classic_router_ports'),
    '4.16.16.12.1': ('Create a VLAN sub-interface of a classic network router', 'create_classic_router_vlan'),
    '4.16.16.12.2': ('Update a VLAN sub-interface of a classic network router', 'update_classic_router_vlan'),
    '4.16.16.12.3': ('List the VLAN sub-interfaces of a classic network router', 'list_classic_router_vlans'),
    '4.16.16.12.4': ('Get a VLAN sub-interface of a classic network router', 'get_classic_router_vlan'),
    '4.16.16.12.5': ('Delete VLAN sub-interfaces of a classic network router in bulk', 'delete_classic_router_vlans'),
    '4.16.17.2': ('List the access control services of a VPC', 'list_vpc_acl_services'),
    '4.16.17.3': ('List the access control rules of a VPC', 'list_vpc_acls'),
    '4.16.17.4': ('Get an access control rule of a VPC', 'get_vpc_acl'),
    '4.16.17.5': ('Create an access control rule of a VPC', 'create_vpc_acl'),
    '4.16.17.6': ('Update an access control rule of a VPC', 'update_vpc_acl'),
    '4.16.17.7': ('Delete an access control rule of a VPC', 'delete_vpc_acl'),
    '4.17.2': ('List volumes', 'list_volumes'),
    '4.17.3': ('Get a volume', 'get_volume'),
    '4.17.4': ('Create a volume', 'create_volume'),
    '4.17.5': ('Delete a volume', 'delete_volume'),
    '4.18.2': ('Get a scheduling policy', 'get_schedule_policy'),
    '4.18.3': ('List scheduling policies', 'list_schedule_policies'),
    '4.18.4': ('Create a scheduling policy', 'create_schedule_policy'),
    '4.18.5': ('Delete scheduling policies in bulk', 'delete_schedule_policies'),
    '4.18.6': ('Update a scheduling policy', 'update_schedule_policy'),
    '4.19.2': ('Get a scheduling group', 'get_schedule_group'),
    '4.19.3': ('List scheduling groups', 'list_schedule_groups'),
    '4.19.4': ('Create a scheduling group', 'create_schedule_group'),
    '4.19.5': ('Delete scheduling groups in bulk', 'delete_schedule_groups'),
    '4.19.6': ('Update a scheduling group', 'update_schedule_group'),
    '4.20.1': ('Get a backup policy', 'get_backup_policy'),
    '4.20.2': ('List backup policies', 'list_backup_policies'),
    '4.20.3': ('Delete backup policies in bulk', 'delete_backup_policies'),
    '4.20.4': ('Run backup policies in bulk', 'execute_backup_policies'),
    '4.20.5': ('Archive backup policies in bulk', 'archive_backup_policies'),
    '4.20.6': ('Enable backup policies in bulk', 'enable_backup_policies'),
    '4.20.7': ('Disable backup policies in bulk', 'disable_backup_policies'),
    '4.20.8': ('Create a backup policy', 'create_backup_policy'),
    '4.20.9': ('Update a backup policy', 'update_backup_policy'),
    '4.21.2': ('List alarms', 'list_alarms'),
    '4.21.3.1': ('List real-time alarm records', 'list_alarm_records'),
    '4.21.3.2': ('Get a real-time alarm record', 'get_alarm_record'),
    '4.21.3.3': ('Set the remark of a real-time alarm record', 'set_alarm_record_remark'),
    '4.21.3.4': ('Confirm real-time alarm records in bulk', 'confirm_alarm_records'),
    '4.21.3.5': ('List historical alarm records', 'list_alarm_histories'),
    '4.21.4.1': ('List alarm notification policies', 'list_alarm_notifications'),
    '4.21.4.2': ('Get an alarm notification policy', 'get_alarm_notification'),
    '4.21.4.3': ('Create an alarm notification policy', 'create_alarm_notification'),
    '4.21.4.4': ('Update an alarm notification policy', 'update_alarm_notification'),
    '4.21.4.5': ('Delete an alarm notification policy', 'delete_alarm_notification'),
    '4.21.4.6': ('Clone an alarm notification policy', 'clone_alarm_notification'),
    '4.21.4.7': ('Enable alarm notification policies in bulk', 'enable_alarm_notifications'),
    '4.21.4.8': ('Disable alarm notification policies in bulk', 'disable_alarm_notifications'),
    '4.21.5.1': ('List alarm policies', 'list_alarm_policies'),
    '4.21.5.2': ('Get an alarm policy', 'get_alarm_policy'),
    '4.21.5.3': ('Create an alarm policy', 'create_alarm_policy'),
    '4.21.5.4': ('Update an alarm policy', 'update_alarm_policy'),
    '4.21.5.5': ('Delete an alarm policy', 'delete_alarm_policy'),
    '4.21.5.6': ('Enable alarm policies in bulk', 'enable_alarm_policies'),
    '4.21.5.7': ('Disable alarm policies in bulk', 'disable_alarm_policies'),
    '4.21.6.1': ('List alarm metrics', 'list_alarm_metrics'),
    '4.21.6.2': ('List alarm metric groups', 'list_alarm_metric_groups'),
    '4.22.2.1': ('Get monitoring data', 'get_metrics'),
    '4.22.2.2': ('Get monitoring data (20190725 version)', 'get_metrics_v2019'),
    '4.23.2.1': ('List object storage buckets', 'list_oss_buckets'),
    '4.23.3.1': ('Create an object storage account', 'create_oss_account'),
    '4.23.3.2': ('Delete an object storage account', 'delete_oss_account'),
    '4.23.3.3': ('Update an object storage account', 'update_oss_account'),
    '4.23.3.4': ('Get an object storage account', 'get_oss_account'),
    '4.23.3.5': ('List object storage accounts', 'list_oss_accounts'),
    '4.24.2': ('List work orders', 'list_work_orders'),
    '4.24.3': ('Get a work order', 'get_work_order'),
    '4.24.4': ('Approve a work order', 'approve_work_order'),
    '4.25.2.1': ('Get an IAM policy', 'get_iam_policy'),
    '4.25.2.2': ('List IAM policies', 'list_iam_policies'),
    '4.25.2.3': ('Create an IAM policy', 'create_iam_policy'),
    '4.25.2.4': ('Update an IAM policy', 'update_iam_policy'),
    '4.25.2.5': ('Delete IAM policies in bulk', 'delete_iam_policies'),
    '4.25.2.6': ('Clone an IAM policy', 'clone_iam_policy'),
    '4.25.2.7': ('Update the users of an IAM policy', 'update_iam_policy_users'),
    '4.25.3.1': ('List IAM actions', 'list_iam_actions'),
    '4.26.2': ('List custom attribute bindings', 'list_custom_attribute_bindings'),
    '4.26.3': ('List custom attribute bindings (20190725 version)', 'list_custom_attribute_bindings_v2019'),
    '4.26.4': ('Create custom attribute bindings in bulk', 'create_custom_attribute_bindings'),
    '4.26.5': ('Create custom attribute bindings in bulk (20190725 version)', 'create_custom_attribute_bindings_v2019'),
    '4.26.6': ('Delete custom attribute bindings in bulk', 'delete_custom_attribute_bindings'),
    '4.26.7': ('Delete custom attribute bindings in bulk (20190725 version)', 'delete_custom_attribute_bindings_v2019'),
    '4.26.8': ('Update the bound custom attributes', 'update_custom_attribute_bindings'),
    '4.26.9': ('Update the bound custom attributes (20190725 version)', 'update_custom_attribute_bindings_v2019'),
    '4.26.10': ('List custom attributes', 'list_custom_attributes'),
    '4.26.11': ('List custom attributes (20190725 version)', 'list_custom_attributes_v2019'),
    '4.26.12': ('Create a custom attribute', 'create_custom_attribute'),
    '4.26.13': ('Create a custom attribute (20190725 version)', 'create_custom_attribute_v2019'),
    '4.26.14': ('Delete custom attributes in bulk', 'delete_custom_attributes'),
    '4.26.15': ('Delete custom attributes in bulk (20190725 version)', 'delete_custom_attributes_v2019'),
    '4.26.16': ('Update a custom attribute', 'update_custom_attribute'),
    '4.26.17': ('Update a custom attribute (20190725 version)', 'update_custom_attribute_v2019'),
    '4.26.18': ('Get a custom attribute (20190725 version)', 'get_custom_attribute_v2019'),
    '4.27.1': ('Get a backup resource', 'get_backup_resource'),
    '4.27.2': ('Create a backup resource', 'create_backup_resource'),
    '4.27.3': ('Update a backup resource', 'update_backup_resource'),
    '4.27.4': ('Delete a backup resource', 'delete_backup_resource'),
    '4.27.5': ('List the SDK versions and transfer modes supported by backup resources', 'list_backup_resource_supports'),
    '4.28.1': ('List the GPU models supported by a resource pool', 'list_gpu_support_types'),
    '4.28.2': ('List the GPUs of a resource pool', 'list_gpus'),
    '4.28.3': ('Update an accelerator hardware configuration', 'update_accelerator'),
    '4.28.4': ('List the GPU slicing modes of a resource pool', 'list_gpu_slice_types'),
    'os:4.1.1.1': ('Get the Keystone API version details', 'keystone_get_version'),
    'os:4.1.1.2': ('List the Keystone API versions', 'keystone_list_versions'),
    'os:4.1.2.1': ('Authenticate and get a token (Keystone v2.0)', 'keystone_create_token'),
    'os:4.1.3.1': ('List tenants (Keystone v2.0)', 'keystone_list_tenants'),
    'os:4.2.1.1': ('Get the Glance API version details', 'glance_get_version'),
    'os:4.2.1.2': ('List the Glance API versions', 'glance_list_versions'),
    'os:4.2.2.1': ('Get an image (Glance v2)', 'glance_get_image'),
    'os:4.2.2.2': ('List images (Glance v2)', 'glance_list_images'),
    'os:4.3.1.1': ('Get the Nova API version details', 'nova_get_version'),
    'os:4.3.1.2': ('List the Nova API versions', 'nova_list_versions'),
    'os:4.3.2.1': ('List availability zones (Nova)', 'nova_list_availability_zones'),
    'os:4.3.2.2': ('List availability zones with details (Nova)', 'nova_list_availability_zones_detail'),
    'os:4.3.3.1': ('Create a flavor (Nova)', 'nova_create_flavor'),
    'os:4.3.3.2': ('Get a flavor (Nova)', 'nova_get_flavor'),
    'os:4.3.3.3': ('List flavors (Nova)', 'nova_list_flavors'),
    'os:4.3.3.4': ('List flavors with details (Nova)', 'nova_list_flavors_detail'),
    'os:4.3.4.1': ('Create a server (Nova)', 'nova_create_server'),
    'os:4.3.4.2': ('Delete a server (Nova)', 'nova_delete_server'),
    'os:4.3.4.3': ('Get a server (Nova)', 'nova_get_server'),
    'os:4.3.4.4': ('List servers (Nova)', 'nova_list_servers'),
    'os:4.3.4.5': ('List servers with details (Nova)', 'nova_list_servers_detail'),
    'os:4.3.4.6': ('Update a server (Nova)', 'nova_update_server'),
    'os:4.3.5.1': ('Attach a network interface to a server (Nova)', 'nova_attach_interface'),
    'os:4.3.5.2': ('Attach a volume to a server (Nova)', 'nova_attach_volume'),
    'os:4.3.5.3': ('Open the VNC console of a server (Nova action os-getVNCConsole)', 'nova_get_vnc_console'),
    'os:4.3.5.4': ('Detach a network interface from a server (Nova)', 'nova_detach_interface'),
    'os:4.3.5.5': ('Detach a volume from a server (Nova)', 'nova_detach_volume'),
    'os:4.3.5.6': ('Set the password of a server (Nova action changePassword)', 'nova_change_password'),
    'os:4.3.5.7': ('Resize a server (Nova action resize)', 'nova_resize_server'),
    'os:4.3.5.8': ('Start a server (Nova action os-start)', 'nova_start_server'),
    'os:4.3.5.9': ('Stop a server (Nova action os-stop)', 'nova_stop_server'),
    'os:4.4.1.1': ('Get the Neutron v2.0 API details', 'neutron_get_version'),
    'os:4.4.1.2': ('Get a Neutron extension', 'neutron_get_extension'),
    'os:4.4.1.3': ('List Neutron extensions', 'neutron_list_extensions'),
    'os:4.4.1.4': ('List the Neutron API versions', 'neutron_list_versions'),
    'os:4.4.2.1': ('Get a port (Neutron)', 'neutron_get_port'),
    'os:4.4.2.2': ('List ports (Neutron)', 'neutron_list_ports'),
    'os:4.4.3.1': ('Get a network (Neutron)', 'neutron_get_network'),
    'os:4.4.3.2': ('List networks (Neutron)', 'neutron_list_networks'),
    'os:4.4.4.1': ('Get a subnet (Neutron)', 'neutron_get_subnet'),
    'os:4.4.4.2': ('List subnets (Neutron)', 'neutron_list_subnets'),
    'os:4.4.5.1': ('Get a router (Neutron)', 'neutron_get_router'),
    'os:4.4.5.2': ('List routers (Neutron)', 'neutron_list_routers'),
    'os:4.4.6.1': ('Create a floating IP (Neutron)', 'neutron_create_floatingip'),
    'os:4.4.6.2': ('Delete a floating IP (Neutron)', 'neutron_delete_floatingip'),
    'os:4.4.6.3': ('Get a floating IP (Neutron)', 'neutron_get_floatingip'),
    'os:4.4.6.4': ('List floating IPs (Neutron)', 'neutron_list_floatingips'),
    'os:4.4.6.5': ('Update a floating IP (Neutron)', 'neutron_update_floatingip'),
    'os:4.4.7.1': ('Get a security group (Neutron)', 'neutron_get_security_group'),
    'os:4.4.7.2': ('List security groups (Neutron)', 'neutron_list_security_groups'),
    'os:4.5.1.1': ('Get the Cinder API version details', 'cinder_get_version'),
    'os:4.5.1.2': ('List the Cinder API versions', 'cinder_list_versions'),
    'os:4.5.2.1': ('Create a volume (Cinder v2)', 'cinder_create_volume'),
    'os:4.5.2.2': ('Delete a volume (Cinder v2)', 'cinder_delete_volume'),
    'os:4.5.2.3': ('Update the name and description of a volume (Cinder v2)', 'cinder_update_volume'),
    'os:4.5.2.4': ('Get a volume (Cinder v2)', 'cinder_get_volume'),
    'os:4.5.2.5': ('List volume types (Cinder v2)', 'cinder_list_volume_types'),
    'os:4.5.2.6': ('List volumes (Cinder v2)', 'cinder_list_volumes'),
    'os:4.5.2.7': ('List volumes with details (Cinder v2)', 'cinder_list_volumes_detail'),
    'os:4.5.3.1': ('Extend a volume (Cinder action os-extend)', 'cinder_extend_volume'),
    'os:4.6.1.1': ('Get the Gnocchi API version details', 'gnocchi_get_version'),
    'os:4.6.1.2': ('List the Gnocchi API versions', 'gnocchi_list_versions'),
    'os:4.6.2.1': ('Get the measures of a metric of a resource (Gnocchi)', 'gnocchi_get_measures'),
    'os:4.7.1.1': ('List the groups on aCMP (extension)', 'ext_list_groups'),
    'os:4.7.2.1': ('Update the aCMP group of a server (extension, Nova action updateGroup)', 'ext_update_server_group'),
}

# summary-table rows assigned by hand (the name in the table differs from the heading)
SUMMARY_ROW = {
    '4.16.16.11.5': 307,   # row 307 repeats the name of row 296; its place (after 306, 编辑…网口) is 批量删除…网口
}

OS_V2 = '/openstack/compute/v2/servers/{server_id}/action'
# per-section readings (see spec/README.md, "Sangfor SCP (seed 004)")
FIXES = {
    # ---- native: URI table vs the section's own sample (the sample decides where they disagree,
    # unless it is evidently copied from another operation)
    '4.1.3': {'path': '/janus/20180725/banners/{banner_id}'},
    '4.8.3': {'merge': True},
    '4.27.2': {'rename': {'type': 'resource_type'}},
    '4.8.2': {'links': {'sub_tasks': 'sub_vlog_info'}},       # "参见: sub_olog_info 参数说明" → table "sub_vlog_info"
    '4.8.4': {'links': {'sub_tasks': 'sub_vlog_info'}},
    '4.24.2': {'freeform': {'resource_info': '结构随工单类型 type 而变：vm_create / vm_edit / quota_update 各有一张参数表；草案不展开为 oneOf，作自由对象，见 spec/README.md'}},
    '4.24.3': {'freeform': {'resource_info': '结构随工单类型 type 而变：vm_create / vm_edit / quota_update 各有一张参数表；草案不展开为 oneOf，作自由对象，见 spec/README.md'}},
    '4.24.4': {'freeform': {'resource_info': '结构随工单类型 type 而变：vm_create / vm_edit / quota_update 各有一张参数表；草案不展开为 oneOf，作自由对象，见 spec/README.md', 'modified_resource_info': '!对象（vm_create、vm_edit）或对象数组（quota_update，见请求样例）；结构随工单类型 type 而变：vm_create / vm_edit / quota_update 各有一张参数表；草案不展开为 oneOf，作自由对象，见 spec/README.md'}},
    '4.12.3': {'links': {'schema': ['daily_schema', 'weekly_schema', 'hourly_schema']}},
    '4.16.8.6': {'links': {'subnets': '#4.16.155'}},          # "参见: 响应参数": the second table captioned 响应参数
    '4.2.3': {'security': 'none', 'extra': {
        'x-rate-limit': {'requests': 60, 'per': 'minute', 'key': 'public-key'},
        'x-limits': [
            {'limit': 'per-ip', 'value': 60, 'unit': 'per-minute', 'text': '相同的IP 每分钟只能请求60次, 这是考虑到了NAT 场景, 多个用户/平台使用同一IP 的情况;'},
            {'limit': 'global', 'value': 1000, 'unit': 'per-minute', 'text': '查询公钥接口的全局阈值为每分钟1000次请求, 这是所有请求的共同限制, 也就是说达到了一分钟内达到了1000次, 那该接口将自动封禁1分钟, 期间请求均返回 403 错误;'}]}},
    '4.2.4': {'security': 'none', 'extra': {
        'x-rate-limit': {'requests': 60, 'per': 'minute', 'key': 'public-key'},
        'x-limits': [
            {'limit': 'per-ip', 'value': 60, 'unit': 'per-minute', 'text': '（4.2.3）与以前的查询公钥接口共用同一套访问限制; 相同的IP 每分钟只能请求60次'}]}},
    '4.4.4': {'binary-response': True},
    '4.4.5': {'binary-body': '将文件放入请求的body中，以二进制格式传输'},
    '4.13.8': {'binary-body': '镜像文件（本节“请求参数：无”；按 4.4.5 上传文件的方式以二进制请求体传输）'},
    '4.12.5': {'path': '/janus/20180725/snapshots/policies/{snapshot_policy_id}',
               'links': {'schema': ['daily_schema', 'weekly_schema', 'hourly_schema']}},
    '4.12.6': {'path': '/janus/20180725/snapshots/policies/{snapshot_policy_id}'},
    '4.11.8.2': {'path': '/janus/20180725/servers/{server_id}/cvt/status'},
    '4.16.8.1': {'path': '/janus/20180725/floatingippools'},
    '4.16.8.3': {'path': '/janus/20180725/floatingippools'},
    '4.16.8.5': {'path': '/janus/20180725/floatingipools', 'path-to-query': ['floatingipool_id']},
    '4.16.8.8': {'path': '/janus/20180725/floatingippools/{floatingip_pool_id}/subnets'},
    '4.16.8.9': {'path': '/janus/20180725/floatingippools/{floatingip_pool_id}/subnets/{floatingip_subnet_id}'},
    '4.16.12.1': {'fragment': 'action=create', 'body-fixed': {'action': 'create'}},
    '4.16.12.2': {'fragment': 'action=delete', 'body-fixed': {'action': 'delete'}},
    '4.16.16.1.3': {'path': '/janus/20180725/classicrouters/{router_id}'},
    '4.16.16.7.6': {'path': '/janus/20180725/classic-routers/{router_id}/dnats/actions/bulk-shift'},
    '4.25.2.5': {'path': '/janus/20190725/iam-policies/bulk-delete'},
    # ---- OpenStack-compatible: Endpoint/path as the module introductions define them
    'os:4.1.1.1': {'path': '/openstack/identity/{api_version}', 'security': 'keystone'},
    'os:4.1.1.2': {'path': '/openstack/identity', 'security': 'keystone'},
    'os:4.1.2.1': {'path': '/openstack/identity/v2.0/tokens', 'security': 'none',
                   # the page break cut the sample after "tenant"; the first part's closing lines
                   # (token, access, root) were added by the conversion: audit_ids belongs to token,
                   # serviceCatalog/user/metadata to access (Keystone v2.0)
                   'response-sample-drop': 3},
    'os:4.1.3.1': {'path': '/openstack/identity/v2.0/tenants'},
    'os:4.2.1.1': {'path': '/openstack/image/{api_version}'},
    'os:4.2.1.2': {'path': '/openstack/image'},
    'os:4.3.1.1': {'path': '/openstack/compute/{api_version}'},
    'os:4.3.1.2': {'path': '/openstack/compute', 'security': 'none'},
    'os:4.3.4.4': {'path': '/openstack/compute/v2/servers'},
    'os:4.3.5.3': {'path': OS_V2, 'fragment': 'os-getVNCConsole'},
    'os:4.3.5.6': {'path': OS_V2, 'fragment': 'changePassword'},
    'os:4.3.5.7': {'path': OS_V2, 'fragment': 'resize'},
    'os:4.3.5.8': {'path': OS_V2, 'fragment': 'os-start'},
    'os:4.3.5.9': {'path': OS_V2, 'fragment': 'os-stop'},
    'os:4.7.2.1': {'path': OS_V2, 'fragment': 'updateGroup'},
    'os:4.4.6.5': {'optional': ['port_id']},    # 必选 是, but "如果不传此字段，则表示解除绑定"
    'os:4.4.1.1': {'path': '/openstack/network/{api_version}'},
    'os:4.4.1.2': {'path': '/openstack/network/extensions/{alias}'},
    'os:4.4.1.3': {'path': '/openstack/network/extensions'},
    'os:4.4.1.4': {'path': '/openstack/network', 'security': 'keystone'},
    'os:4.5.1.1': {'path': '/openstack/volume/{api_version}'},
    'os:4.5.1.2': {'path': '/openstack/volume', 'security': 'none'},
    'os:4.6.1.1': {'path': '/openstack/metric/{api_version}'},
    'os:4.6.1.2': {'path': '/openstack/metric'},
    'os:4.6.2.1': {'path': '/openstack/metric/v1/resource/generic/{resource_id}/metric/{metric_name}/measures'},
    'os:4.7.1.1': {'path': '/openstack/extensions/management/v1/groups'},
}



# ---------------------------------------------------------------------------------------
# emitting
# ---------------------------------------------------------------------------------------
STATUS_RE = re.compile(r'(正常|异常)\s*[:：]\s*(.*)$')


def return_codes(doc, o, ctx):
    ok, err = [], []
    for i in range(o.start, o.end):
        if not re.match(r'^[-●]?\s*(正常|异常)\s*[:：]', doc.lines[i].strip()):
            continue
        m = STATUS_RE.search(doc.lines[i])
        if not m:
            continue
        codes = re.findall(r'\b([1-5]\d\d)\b', m.group(2))
        (ok if m.group(1) == '正常' else err).extend(codes)
    return ok, err


def sample_paths(doc, o):
    """URLs printed in the op section: https://{SCP_IP}/janus/... or <https://10.x/openstack/...>"""
    out = []
    for i in range(o.start, o.end):
        for m in re.finditer(r'https?://[^\s`<>"\)]+', doc.lines[i]):
            url = m.group(0)
            p = re.sub(r'^https?://[^/]+', '', url)
            out.append((i, p))
    return out


def placeholders(path):
    return re.findall(r'\{([^}]+)\}', path)


def usage_text(doc, o, ctx):
    """the 使用场景及约束 block and the notes of the section, as printed (cleaned)."""
    L = doc.lines
    out = []
    in_code = False
    for i in range(o.start + 1, o.end):
        l = L[i]
        if l.strip().startswith('```'):
            in_code = not in_code
            continue
        if in_code:
            continue
        c = ctx.get(i, '')
        if i in doc.head_at:
            continue
        if '\t' in l:
            continue
        t = clean(l)
        if not t:
            continue
        if c == 'usage' or (c.startswith('other') and '示例' not in c):
            if t.startswith('表 '):
                continue
            out.append(t)
    # notes elsewhere (注解 blocks): keep lines between a 注解 marker and the next blank+bullet
    notes = []
    i = o.start
    while i < o.end:
        t = clean(L[i])
        c = ctx.get(i, '')
        if re.match(r'^(📌|!|①|注解|! 注解|📌 注解)', t) and '注解' in t and c not in ('usage',) and not c.startswith('other'):
            j = i + 1
            block = []
            while j < o.end:
                u = clean(L[j])
                if j in doc.head_at or re.match(r'^[-●]\s*(请求|响应)', u) or u.startswith('表 ') or '\t' in L[j] or L[j].strip().startswith('```'):
                    break
                if u:
                    block.append(u)
                j += 1
            block = [x for x in block if not re.search(r'接口公共响应参数|列表公共路径请求参数|列表公共响应参数', x) or len(block) > 1]
            block = [x for x in block if not re.fullmatch(r'[0-9]\.\s*接口公共响应参数.*', x)]
            if block:
                notes.append('\n'.join(block))
            i = j
            continue
        i += 1
    drop = re.compile(r'^[-•●]?\s*\[?`?[A-Za-z_][\w\-\.\s/()（）]*`?\]?\s*参数说明[:：]?$|^[-•●]?\s*(接口)?(列表)?公共响应参数[，,]\s*参见')
    out = [x for x in out if not drop.search(x)]
    notes = ['\n'.join(l for l in n.split('\n') if not drop.search(l)) for n in notes]
    notes = [n for n in notes if n.strip()]
    text = '\n'.join(x for x in out if x not in ('📌 注解', '! 注解', '注解', '① 注解'))
    if notes:
        text = (text + '\n\n' if text else '') + '注解：\n' + '\n\n'.join(notes)
    return text.strip()


def sample_label(doc, start):
    """the caption printed above a sample ("创建云主机参数示例1: 创建云主机不连接网络", "示例1：创建本地备份策略")"""
    for k in range(start - 1, max(0, start - 6), -1):
        t = clean(doc.lines[k]).lstrip('-•● ').strip()
        if not t or t.startswith('https://') or t.startswith('`https://'):
            continue
        if '示例' in t or '样例' in t and len(t) > 6 or t.endswith('参数:') or t.endswith('参数：'):
            return t.rstrip(':：')
        return None
    return None


def _section_text(doc, o):
    return '\n'.join(doc.lines[o.start:o.end])


def is_paged_note(doc, o):
    t = _section_text(doc, o)
    if '不支持公共的列表响应参数' in t and '仅用于填充数据' not in t:
        return False
    return '列表公共响应数据格式' in t or '仅用于填充数据' in t


def list_params_note(doc, o):
    t = _section_text(doc, o)
    if '不支持公共的列表查询参数' in t:
        return False
    return '列表公共请求路径参数格式' in t or '列表公共路径请求参数' in t


def no_list_response(doc, o):
    t = _section_text(doc, o)
    return '不支持公共的列表响应参数' in t and '仅用于填充数据' not in t


def strip_envelope(v):
    if isinstance(v, dict) and 'code' in v and 'data' in v and set(v) <= {'code', 'data', 'message', 'msg'}:
        return v['data'], True
    return v, False


def infer_schema(v, depth=0):
    """schema from a sample value (used where the document gives no table)."""
    if isinstance(v, bool):
        return {'type': 'boolean'}
    if isinstance(v, int):
        return {'type': 'integer'}
    if isinstance(v, float):
        return {'type': 'number'}
    if isinstance(v, str):
        return {'type': 'string'}
    if v is None:
        return {'nullable': True}
    if isinstance(v, list):
        return {'type': 'array', 'items': infer_schema(v[0], depth + 1) if v else {}}
    if isinstance(v, dict):
        return {'type': 'object', 'properties': {k: infer_schema(x, depth + 1) for k, x in v.items()}}
    return {}


EXTRA_LOOKUP = {'fn': None}


def check_against_sample(schema, sample, where, report, path=''):
    """required fields missing from the sample lose `required` (samples decide)."""
    if not isinstance(schema, dict):
        return
    if schema.get('type') == 'array' and isinstance(sample, list) and sample:
        for it in sample[:1]:
            check_against_sample(schema.get('items', {}), it, where, report, path + '[]')
        return
    if schema.get('type') == 'object' and isinstance(sample, dict):
        props = schema.get('properties', {})
        req = schema.get('required', [])
        missing = [r for r in req if r not in sample]
        if missing:
            schema['required'] = [r for r in req if r in sample]
            if not schema['required']:
                del schema['required']
            report.append(f'{where}: sample lacks always-returned {path}/{",".join(missing)} -> not required')
        extra = [k for k in sample if k not in props]
        if extra and props:
            report.append(f'{where}: sample has fields not in table at {path or "/"}: {", ".join(extra)}')
            for k in extra:
                if re.match(r'^[A-Za-z_][\w\.\-:]*$', k):
                    p = EXTRA_LOOKUP['fn'](k, sample[k]) if EXTRA_LOOKUP['fn'] else None
                    if p is None:
                        p = infer_schema(sample[k])
                        p['description'] = '（参数表未列出，见响应样例）'
                    props[k] = p
        for k, p in props.items():
            if k in sample:
                check_against_sample(p, sample[k], where, report, path + '/' + k)


SCALAR_FIXES = []


def merge_sample_types(schema, sample):
    """fill untyped / free-form parts of a schema from a sample value; an object whose sample
    is a list of objects becomes an array of that object (the sample decides)"""
    if not isinstance(schema, dict):
        return
    if schema.get('type') == 'object' and isinstance(sample, list) and sample and all(isinstance(x, dict) for x in sample):
        inner = {k: v for k, v in schema.items() if k not in ('description', 'nullable')}
        for k in list(schema):
            if k not in ('description', 'nullable'):
                del schema[k]
        schema['type'] = 'array'
        schema['items'] = inner
        schema['description'] = (schema.get('description', '') + '（参数表为对象；按样例为对象数组）').strip()
        merge_sample_types(inner, sample[0])
        return
    if schema.get('type') == 'object' and 'properties' not in schema and sample is not None \
            and not isinstance(sample, (dict, list)):
        # typed dict in the table, a scalar in the sample (4.16.16.8.1 priority: "bottom"): the sample decides
        inferred = infer_schema(sample)
        schema['type'] = inferred.get('type', 'string')
        schema.pop('additionalProperties', None)
        schema['description'] = schema.get('description', '') + '（参数表类型为 dict，样例为标量；按样例）'
        m = re.search(r"Enum\s*\(([^)]*)\)", schema.get('description', ''))
        if m and schema['type'] == 'string':
            vals = [a or b for a, b in re.findall(r"'([^']*)'|\"([^\"]*)\"", m.group(1))]
            if vals:
                schema['enum'] = vals
        SCALAR_FIXES.append(schema.get('description', '')[:40])
        return
    if schema.get('type') in ('string', 'integer', 'number', 'boolean') and isinstance(sample, (dict, list)) \
            and sample:
        # typed scalar in the table, a structure in the sample: the sample decides
        desc = schema.get('description', '')
        t0 = schema.get('type')
        for k in list(schema):
            del schema[k]
        schema.update(infer_schema(sample))
        schema['description'] = desc + f'（参数表类型为 {t0}，样例为{"对象" if isinstance(sample, dict) else "数组"}；按样例）'
        SCALAR_FIXES.append(schema['description'][:40])
        return
    if not schema.get('type') and 'nullable' not in schema and sample is not None and not isinstance(sample, (dict, list)):
        return
    if schema.get('type') == 'array' and isinstance(sample, list) and sample and schema.get('items') == {}:
        schema['items'] = infer_schema(sample[0])
    elif schema.get('type') == 'array' and isinstance(sample, list) and sample:
        merge_sample_types(schema['items'], sample[0])
    elif schema.get('type') == 'object' and isinstance(sample, dict):
        if 'properties' in schema:
            for k, p in schema['properties'].items():
                if k in sample:
                    merge_sample_types(p, sample[k])



def deep_merge(values):
    """one value holding the keys of all samples (several request samples of one section)"""
    if not values:
        return None
    if all(isinstance(v, dict) for v in values):
        keys = []
        for v in values:
            for k in v:
                if k not in keys:
                    keys.append(k)
        return {k: deep_merge([v[k] for v in values if k in v]) for k in keys}
    if all(isinstance(v, list) for v in values):
        items = [x for v in values for x in v]
        return [deep_merge(items)] if items else []
    for v in values:
        if v is not None:
            return v
    return None


def os_skeleton(fields):
    """a stand-in sample for an OpenStack section printing no sample: OpenStack bodies wrap their
    fields in one object named by the first row ("floatingip object", then its fields)"""
    def ph(f):
        t, kind = map_type(f.typ)
        return {'string': '', 'integer': 0, 'number': 0.0, 'boolean': False, 'array': [], 'object': {}}.get(t.get('type'), '')
    if not fields:
        return None
    first = fields[0]
    t, kind = map_type(first.typ)
    rest = [f for f in fields[1:] if not f.name.startswith(first.name + '.')] if len(fields) > 1 else []
    if t.get('type') in ('object', 'array') and rest and '.' not in ''.join(f.name for f in rest):
        inner = {f.name: ph(f) for f in rest}
        return {first.name: [inner] if t['type'] == 'array' else inner}
    return None


def os_schema(fields, sample, b, o, required_mode):
    """OpenStack-compatible sections list nested fields flat (sometimes dotted, sometimes not):
    the structure comes from the section's sample, the table gives types, descriptions and
    required flags (matched by name)."""
    by_name = {}
    for f in fields:
        by_name.setdefault(f.name, f)
        by_name.setdefault(f.name.lower(), f)
        if '.' in f.name:
            by_name.setdefault('.'.join(f.name.split('.')[-2:]), f)
    for f in fields:
        by_name.setdefault(f.name.split('.')[-1], f)
    for f in fields:      # "volumeld" printed for volumeId (I read as l)
        by_name.setdefault(f.name.split('.')[-1].lower().replace('l', 'i'), f)
    used_rows = set()
    alias = {}          # "serviceCatalog … object -> catalog": rows of its items are written catalog.x
    for f in fields:
        m = re.search(r'object\s*->\s*([A-Za-z_]\w*)', f.desc or '')
        if m:
            alias[f.name.split('.')[-1]] = m.group(1)

    def annotate(schema, value, key, parent=None, depth=0):
        f = None
        if key:
            f = by_name.get(f'{parent}.{key}') if parent else None
            if f is None and parent in alias:
                f = by_name.get(f'{alias[parent]}.{key}')
            if f is None and parent and parent.endswith('s'):
                f = by_name.get(f'{parent[:-1]}.{key}')
            if f is None:
                g = by_name.get(key) or by_name.get(key.lower().replace('l', 'i'))
                if g is not None and (depth <= 2 or id(g) not in used_rows):
                    f = g
            if f is not None:
                used_rows.add(id(f))
        if f is not None:
            t, kind = map_type(f.typ)
            if not schema.get('type') and t.get('type'):
                schema.update(t)
            elif t.get('type') and schema.get('type') and t['type'] != schema['type'] and value is None:
                schema.update(t)
            if f.desc:
                schema['description'] = f.desc
        if isinstance(value, dict) and schema.get('type') == 'object':
            req = []
            for k, v in value.items():
                annotate(schema['properties'][k], v, k, key, depth + 1)
                g = (by_name.get(f'{key}.{k}') if key else None) or \
                    ((by_name.get(k) or by_name.get(k.lower().replace('l', 'i'))) if depth + 1 <= 2 else None)
                if g is not None and g.req and required_mode == 'request':
                    req.append(k)
            if req:
                schema['required'] = req
        elif isinstance(value, list) and value and schema.get('type') == 'array':
            if isinstance(value[0], dict) and schema['items'].get('type') == 'object':
                req = []
                for k, v in value[0].items():
                    annotate(schema['items']['properties'][k], v, k, key, depth + 1)
                    g = (by_name.get(f'{key}.{k}') if key else None) or (by_name.get(k) if depth + 1 <= 2 else None)
                    if g is not None and g.req and required_mode == 'request':
                        req.append(k)
                if req:
                    schema['items']['required'] = req
            else:
                annotate(schema['items'], value[0], None, None, depth + 1)
        return schema

    if sample is None:
        return None
    schema = infer_schema(sample)
    annotate(schema, sample, None)
    # rows that the sample does not show
    seen = set()

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                seen.add(k)
                seen.add(k.lower().replace('l', 'i'))
                walk(x)
        elif isinstance(v, list):
            for x in v[:1]:
                walk(x)
    walk(sample)
    target = schema
    if isinstance(sample, dict) and len(sample) == 1:
        (k, v), = sample.items()
        if isinstance(v, dict):
            target = schema['properties'][k]
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            target = schema['properties'][k]['items']
    def find_container(node, name):
        if not isinstance(node, dict):
            return None
        for k, v in node.get('properties', {}).items():
            if k in (name, name + 's') or k.rstrip('s') == name:
                if v.get('type') == 'array':
                    if not v.get('items'):
                        v['items'] = {'type': 'object', 'properties': {}}
                    return v['items'] if v['items'].get('type') == 'object' else None
                if v.get('type') == 'object':
                    v.setdefault('properties', {})
                    return v
            r = find_container(v, name)
            if r is not None:
                return r
        if node.get('type') == 'array':
            return find_container(node.get('items'), name)
        return None

    for f in fields:
        last = f.name.split('.')[-1]
        parent = f.name.split('.')[-2] if '.' in f.name else None
        if f.name in seen or last in seen or f.name.lower() in seen or last.lower().replace('l', 'i') in seen:
            continue
        dest = target
        if target is not schema and isinstance(sample, dict) and len(sample) == 1 and \
                last.startswith(next(iter(sample)) + '_'):
            dest = schema          # "servers_links" next to "servers"
        if parent:
            c = find_container(schema, parent)
            if c is not None:
                dest = c
        if dest.get('type') != 'object':
            continue
        t, kind = map_type(f.typ)
        t = dict(t)
        if t.get('type') == 'array' and 'items' not in t:
            t['items'] = {}
        if f.desc:
            t['description'] = f.desc + '（样例未出现此字段）'
        dest.setdefault('properties', {})[last] = t
        if f.req and required_mode == 'request':
            dest.setdefault('required', []).append(last)
    return schema


class Emitter:
    def __init__(self, doc, summary, b, report):
        self.doc, self.summary, self.b, self.report = doc, summary, b, report
        self.used_ids = set()
        self.used_summary = set()
        self.group_files = collections.OrderedDict()   # slug -> {'paths':{}, 'schemas':{}}
        self.path_owner = {}                              # path key -> slug
        self.counts = collections.Counter()
        self.doc_counts = collections.Counter()
        self.min_version_src = collections.Counter()
        self.ops_out = []
        self.merged = collections.Counter()
        self.version_conflicts = []
        self.paged_sample_kind = collections.Counter()
        self.no_row = []

    def group_of(self, o):
        if o.part == 'native':
            slug, en = NATIVE_GROUPS[re.sub(r'\s+', '', o.group_zh)]
            return slug, en, None
        key = o.group_zh.strip().lower()
        slug, en, base = OPENSTACK_GROUPS[key]
        return slug, en, base

    # ---------------- min version
    def assign_summary_rows(self, ops):
        """summary-table row of each native operation: by name (without the version suffix) and
        version ("(20190725版本)" in the row name / the heading, else /janus/<version>/ in the path);
        then, for operations still without a row, rows without a version suffix of the same name."""
        def base(t):
            return re.sub(r'\(20\d\d\)', '', norm_title(t))
        rows = {r['no']: r for r in self.summary}
        used = set()
        self.row_of = {}
        nat = [o for o in ops if o.part == 'native']
        for o in nat:
            if o.section in SUMMARY_ROW:
                self.row_of[o.section] = rows[SUMMARY_ROW[o.section]]
                used.add(SUMMARY_ROW[o.section])
        for o in nat:
            if o.section in self.row_of:
                continue
            tag = self.version_tag(None, o.title) or self.version_tag(o.doc_path, None)
            for r in self.summary:
                if r['no'] in used:
                    continue
                if base(r['name']) == base(o.title) and self.version_tag(None, r['name']) == tag:
                    self.row_of[o.section] = r
                    used.add(r['no'])
                    break
        for o in nat:
            if o.section in self.row_of:
                continue
            ttag = self.version_tag(None, o.title)
            for r in self.summary:
                if r['no'] in used:
                    continue
                if base(r['name']) == base(o.title) and self.version_tag(None, r['name']) == ttag:
                    self.row_of[o.section] = r
                    used.add(r['no'])
                    break
        self.used_summary = used

    def min_version(self, o, usage):
        """x-min-version: the summary table (5.2) row of the operation; the section's own
        "支持版本" line where the table has no row for it."""
        own = None
        for l in usage.split('\n'):
            if '支持' in l and '版本' in l:
                own = version_of(l)
                if own:
                    break
        if o.part != 'native':
            return None, own
        pick = self.row_of.get(o.section)
        if pick:
            v = pick['version']
            vv = version_of(v) or v
            if '补丁' in v:
                vv = clean(v.replace('补丁版本', '').strip())
            if own and own != vv and not ('补丁' in v and own in v):
                self.report.append(f'VERSION {o.section} {o.title}: summary row {pick["no"]} says {v}, section says {own}')
                self.version_conflicts.append((o.section, o.title, pick['no'], vv, own))
            self.min_version_src['summary'] += 1
            o.summary_row = pick['no']
            return vv, own
        self.min_version_src['section'] += 1
        self.report.append(f'NOROW {o.section} {o.title}: no summary row; section says {own}')
        self.no_row.append((o.section, o.title, own))
        return own, own

    @staticmethod
    def version_tag(path, name):
        if path:
            m = re.search(r'/janus/(\d{4})0725/', path)
            if m and m.group(1) != '2018':
                return m.group(1)
        if name:
            m = re.search(r'\((20\d\d)(?:0725版本)?\)', re.sub(r'\s+', '', name.replace('（', '(').replace('）', ')')))
            if m:
                return m.group(1)
        return None

    def emit(self, o):
        doc, b, report = self.doc, self.b, self.report
        slug, group_en, base = self.group_of(o)
        self.doc_counts[slug] += 1
        ctx = split_subsections(doc, o)
        tables = [t for t in doc.tables(o.start, o.end) if t.header and t.header[0] != 'REST VERB']
        for t in tables:
            t.context = ctx.get(t.start, '')
        blocks = doc.code_blocks(o.start, o.end)
        for bl in blocks:
            bl['context'] = ctx.get(bl['start'], '')
        usage = usage_text(doc, o, ctx)
        o.key = o.section if o.part == 'native' else 'os:' + o.section
        fix = FIXES.get(o.key, {})
        b.cur_fix = fix

        # ---------- path
        path = fix.get('path', o.doc_path)
        path = path.replace(' ', '')
        if o.part == 'openstack':
            path = self.openstack_path(o, base, path, fix)
        if fix.get('fragment'):
            path = path + '#' + fix['fragment']
        samples = sample_paths(doc, o)
        self.check_path(o, path, samples)

        # ---------- fields
        fields_uri, fields_req, fields_resp = [], [], []
        main_req, main_resp = [], []
        for t in tables:
            fs = table_fields(t)
            if fs is None:
                continue
            cap = re.sub(r'🔗', '', t.key())
            c = t.context or ''
            if cap.startswith('请求') and not cap.startswith('请求地址'):
                # 请求路径参数说明 / 请求body参数(说明) / 请求参数(说明) / 请求query参数
                main_req.append(t)
                for f in fs:
                    f.table_kind = 'path' if ('路径' in cap or c == 'uri') else 'body'
                (fields_uri if c == 'uri' else fields_req).extend(fs)
            elif c == 'uri' and not re.match(r'^`?[A-Za-z_][\w\-\.]*`?\s', cap):
                # mislabelled captions ("请求地址及方法", "参数说明") of the path/query table
                main_req.append(t)
                for f in fs:
                    f.table_kind = 'path'
                fields_uri.extend(fs)
            elif not cap and c.startswith('request') and not any(x.context.startswith('request') for x in main_req if x.context):
                main_req.append(t)
                for f in fs:
                    f.table_kind = 'body'
                fields_req.extend(fs)
            elif (cap.startswith('响应参数') or re.match(r'^[\d\. ]+响应参数', cap)) and not main_resp:
                main_resp.append(t)
                fields_resp.extend(fs)
            elif not cap and c.startswith('response') and not main_resp:
                main_resp.append(t)
                fields_resp.extend(fs)
        mains = set(t.start for t in main_req + main_resp)
        nested_tables = [t for t in tables if t.start not in mains]

        def extra_lookup(name, value, _nested=nested_tables, _o=o):
            t = [x for x in _nested if x.start not in b.used_tables and
                 re.sub(r'\s*参数说明.*$', '', x.key()).strip() in (name, name + 's', name.rstrip('s'))]
            if not t:
                return None
            fs = table_fields(t[0])
            if not fs:
                return None
            b.used_tables.add(t[0].start)
            sub = b.build_object(fs, _nested, _o, '', set(), 1, 'response', (t[0].start,))
            sub = {k: v for k, v in sub.items() if k != 'required'}
            sub['description'] = f'（参数表未列出此字段，见响应样例；结构见“{t[0].key()}”）'
            if isinstance(value, list):
                return {'type': 'array', 'items': sub, 'description': sub.pop('description')}
            return sub
        EXTRA_LOOKUP['fn'] = extra_lookup

        holes = placeholders(path.split('#')[0])
        params = []
        body_fields = []
        for f in fields_uri + fields_req:
            loc = (f.loc or '').lower()
            if f.name in ('acmp_ip',):
                continue      # the host (server)
            kind = getattr(f, 'table_kind', 'body')
            if f.name in fix.get('path-to-query', []):
                loc = 'query'
                f.req = True
            elif f.name in holes:
                loc = 'path'
            elif loc == 'path':
                loc = 'query'
            elif not loc:
                # no 参数位置 column: a 路径参数 table of a GET/DELETE lists query filters,
                # of a POST/PUT the body (4.20.8 and others)
                if kind == 'path' and o.method in ('GET', 'DELETE'):
                    loc = 'query'
                else:
                    loc = 'body'
            if loc == 'body' and o.method == 'GET':
                report.append(f'{o.section}: GET body parameter {f.name} -> query')
                loc = 'query'
            if loc in ('path', 'query', 'header'):
                if any(p['name'] == f.name and p['in'] == loc for p in params):
                    continue
                s = b.field_schema(f, nested_tables, o, '', set(), 0, 'request', [])
                desc = s.pop('description', f.desc)
                if s.get('type') in ('object',) and loc == 'query':
                    report.append(f'{o.section}: object query parameter {f.name}')
                p = {'name': f.name, 'in': loc}
                if desc:
                    p['description'] = desc
                p['required'] = True if loc == 'path' else bool(f.req)
                if s.get('type') == 'array' and loc == 'query':
                    if not s.get('items'):
                        s['items'] = {'type': 'string'}
                    # the document joins list values with commas (4.26.11 "scopes=HOST,VM",
                    # 4.5.7 "cg_ids=a,b", "逗号分割的字符串")
                    if o.part == 'native':
                        p['style'] = 'form'
                        p['explode'] = False
                p['schema'] = s or {'type': 'string'}
                params.append(p)
            else:
                body_fields.append(f)
        for h in holes:
            if h not in [p['name'] for p in params if p['in'] == 'path']:
                params.append({'name': h, 'in': 'path', 'required': True,
                               'description': fix.get('param-desc', {}).get(h, f'{h}（路径参数；本节参数表未列出）'),
                               'schema': {'type': 'string'}})
                report.append(f'{o.section}: path placeholder {h} not documented in a table')
        # the documented path params that are not placeholders are query parameters
        if o.part == 'native' and o.method == 'GET' and list_params_note(doc, o):
            for n in ('sort', 'order_by', 'fields', 'page_num', 'page_size'):
                if not any(p.get('name') == n for p in params):
                    params.append({'$ref': f'../scp.yaml#/components/parameters/{n}'})

        # ---------- names
        en = TITLES_EN.get(o.key)
        if en:
            summary_en, opid = en[0], en[1] if len(en) > 1 and en[1] else snake(en[0])
        else:
            summary_en, opid = self.auto_name(o, path)
        base_id = opid
        n = 2
        while opid in self.used_ids:
            opid = f'{base_id}_{n}'
            n += 1
        self.used_ids.add(opid)
        stem = pascal(opid)

        gf = self.group_files.setdefault(slug, {'paths': collections.OrderedDict(), 'schemas': collections.OrderedDict(), 'en': group_en})
        # a path item lives in one file: operations of another group on the same path (and
        # their schemas) go into the file of the group that documented the path first
        owner = self.path_owner.setdefault(path, slug)
        ofile = self.group_files.setdefault(owner, {'paths': collections.OrderedDict(), 'schemas': collections.OrderedDict(), 'en': group_en})
        schemas = ofile['schemas']

        op = collections.OrderedDict()
        op['operationId'] = opid
        op['summary'] = summary_en
        desc = usage or o.uri_desc or o.title
        op['description'] = desc
        op['tags'] = [slug]
        xdoc = Flow([('seed', SEED_NAME), ('section', Q(o.section)), ('title', o.title)])
        if o.part == 'openstack':
            xdoc['part'] = 'OpenStack-API接口说明文档'
        op['x-doc'] = xdoc
        mv, own = self.min_version(o, usage)
        if mv:
            op['x-min-version'] = Q(mv)
        op['x-group'] = slug
        if params:
            op['parameters'] = params

        # ---------- request body
        req_sample = None
        req_samples = []
        req_labels = []
        for bl in blocks:
            if bl['context'] in ('request', 'request-sample') or \
                    (bl['context'].startswith('other:') and '示例' in bl['context'] and o.method in ('POST', 'PUT')):
                v, err = parse_json(bl['text'])
                if err in (None, 'partial', 'repaired'):
                    if err:
                        report.append(f'SAMPLE {o.section}: request sample {err} (line {bl["start"]+1})')
                    if err == 'partial':
                        continue
                    req_samples.append(v)
                    req_labels.append(sample_label(doc, bl['start']))
                    if req_sample is None:
                        req_sample = v
                elif err not in ('empty', 'url'):
                    report.append(f'{o.section}: request sample {err} at line {bl["start"]+1}')
        if body_fields or (req_sample is not None and o.method in ('POST', 'PUT', 'DELETE', 'PATCH')):
            used = set()
            if o.part == 'openstack' and req_sample is None and os_skeleton(body_fields) is not None:
                bs = os_schema(body_fields, os_skeleton(body_fields), b, o, 'request')
                report.append(f'{o.section}: OpenStack request without sample: fields nested in "{body_fields[0].name}"')
            elif o.part == 'openstack' and req_sample is not None:
                bs = os_schema(body_fields, deep_merge(req_samples), b, o, 'request')
            elif body_fields:
                bs = b.build_object(body_fields, nested_tables, o, stem, used)
                if req_sample is not None:
                    merge_sample_types(bs, req_sample)
            else:
                bs = infer_schema(req_sample)
                report.append(f'{o.section}: request body from the sample only')
            for old_name, new_name in fix.get('rename', {}).items():
                props = bs.get('properties', {})
                if old_name in props:
                    p = props.pop(old_name)
                    p['description'] = p.get('description', '') + f'（参数表写作 {old_name}，请求样例写作 {new_name}；按样例）'
                    p['x-doc-alias'] = [old_name]
                    props[new_name] = p
                    bs['required'] = [new_name if r == old_name else r for r in bs.get('required', [])]
            for name in fix.get('optional', []):
                def drop_req(x, name=name):
                    if isinstance(x, dict):
                        if name in x.get('required', []):
                            x['required'] = [r for r in x['required'] if r != name]
                            if not x['required']:
                                del x['required']
                            x['properties'][name]['description'] += '（必选列为“是”，但说明写明可不传；按说明为可选）'
                        for v in x.values():
                            drop_req(v)
                drop_req(bs)
            bs['description'] = f'{o.title}：请求参数'
            if fix.get('body-fixed'):
                for k, v in fix['body-fixed'].items():
                    bs.setdefault('properties', {}).setdefault(k, {})['enum'] = [v]
                    bs.setdefault('required', [])
                    if k not in bs['required']:
                        bs['required'].append(k)
            schemas[stem + 'Request'] = bs
            media = {'schema': {'$ref': f'#/components/schemas/{stem}Request'}}
            if len(req_samples) > 1:
                media['examples'] = collections.OrderedDict(
                    (f'example{k + 1}', {'summary': lab or f'请求样例 {k + 1}', 'value': v})
                    for k, (v, lab) in enumerate(zip(req_samples, req_labels)))
            elif req_sample is not None:
                media['example'] = req_sample
            op['requestBody'] = {'required': True, 'content': {'application/json': media}}

        if fix.get('binary-body'):
            op['requestBody'] = {'required': True, 'description': fix['binary-body'], 'content': {
                'application/octet-stream': {'schema': {'type': 'string', 'format': 'binary'}}}}

        # ---------- response
        resp_sample, enveloped, resp_partial = None, False, False
        for bl in blocks:
            if bl['context'] in ('response', 'response-sample'):
                v, err = parse_json(bl['text'], fix.get('response-sample-drop'))
                if err in (None, 'partial', 'repaired'):
                    resp_sample = v
                    resp_partial = err == 'partial'
                    if err:
                        report.append(f'SAMPLE {o.section}: response sample {err} (line {bl["start"]+1})')
                    break
                elif err not in ('empty', 'url'):
                    report.append(f'{o.section}: response sample {err} at line {bl["start"]+1}')
        if o.part == 'native' and resp_sample is not None:
            resp_sample, enveloped = strip_envelope(resp_sample)
            if enveloped:
                report.append(f'ENVELOPED {o.section}')
        ok, errs = return_codes(doc, o, ctx)
        if not ok:
            ok = ['200']
            report.append(f'{o.section}: no success code; 200 assumed')
        payload = None
        if o.part == 'openstack' and resp_sample is None and os_skeleton(fields_resp) is not None:
            rs = os_schema(fields_resp, os_skeleton(fields_resp), b, o, 'response')
            rs['description'] = f'{o.title}：响应参数（文档无响应样例；按 OpenStack 的包装对象组织）'
            report.append(f'{o.section}: OpenStack response without sample: fields nested in "{fields_resp[0].name}"')
            schemas[stem + 'Response'] = rs
            payload = {'$ref': f'#/components/schemas/{stem}Response'}
        elif o.part == 'openstack' and resp_sample is not None:
            rs = os_schema(fields_resp, resp_sample, b, o, 'response')
            rs['description'] = f'{o.title}：响应参数'
            rs['example'] = None if resp_partial else resp_sample
            if isinstance(resp_sample, dict):
                schemas[stem + 'Response'] = rs
                payload = {'$ref': f'#/components/schemas/{stem}Response'}
            else:
                payload = rs
        elif fields_resp:
            used = set()
            item = b.build_object(fields_resp, nested_tables, o, stem, used, required_mode='response')
            fnames = {f.name for f in fields_resp}
            paged_table = {'total_size', 'data'} <= fnames or {'total_size', 'page_num'} <= fnames
            shape = 'object'
            listy = o.part == 'native' and o.method == 'GET' and (list_params_note(doc, o) or is_paged_note(doc, o)) \
                and not no_list_response(doc, o)
            if listy and isinstance(resp_sample, dict) and not ({'total_size', 'data', 'page_num'} & set(resp_sample)):
                shape = 'object'      # the sample shows another shape (4.14.1 {total, bills}; 4.16.16.3.4 one switch)
                report.append(f'{o.section}: list note, but the sample is one object -> object')
            elif listy and not paged_table:
                # 2.5.3: list queries answer with the list format inside data unless the section
                # says otherwise; a bare-array sample shows the items (data.data)
                shape = 'page'
                self.paged_sample_kind[type(resp_sample).__name__] += 1
            elif isinstance(resp_sample, list):
                shape = 'array'
            elif isinstance(resp_sample, dict) and not paged_table and ('total_size' in resp_sample or
                                                                      ('data' in resp_sample and 'page_num' in resp_sample)):
                shape = 'page'
            elif resp_sample is None and is_paged_note(doc, o) and not paged_table:
                shape = 'page'
            item['description'] = f'{o.title}：响应参数'
            if shape == 'object':
                if resp_sample is not None:
                    merge_sample_types(item, resp_sample)
                    resp_partial or check_against_sample(item, resp_sample, o.section, report)
                    item['example'] = None if resp_partial else resp_sample
                schemas[stem + 'Data'] = item
                payload = {'$ref': f'#/components/schemas/{stem}Data'}
            else:
                if isinstance(resp_sample, list) and resp_sample:
                    merge_sample_types(item, resp_sample[0])
                    resp_partial or check_against_sample(item, resp_sample[0], o.section, report)
                elif isinstance(resp_sample, dict) and isinstance(resp_sample.get('data'), list) and resp_sample['data']:
                    merge_sample_types(item, resp_sample['data'][0])
                    resp_partial or check_against_sample(item, resp_sample['data'][0], o.section, report)
                schemas[stem + 'Item'] = item
                if shape == 'array':
                    payload = {'type': 'array', 'items': {'$ref': f'#/components/schemas/{stem}Item'}}
                    if resp_sample is not None:
                        payload['example'] = None if resp_partial else resp_sample
                else:
                    page = {'type': 'object', 'description': f'{o.title}：分页结果（列表公共响应数据格式）',
                            'properties': {
                                'total_size': {'type': 'integer', 'description': '查询到的资源总数'},
                                'page_num': {'type': 'integer', 'description': '当前请求的页数'},
                                'page_size': {'type': 'integer', 'description': '当前请求的页面大小'},
                                'next_page_num': {'type': 'string', 'description': '下一页数，整型的字符串，为""表示当前是最后一页'},
                                'data': {'type': 'array', 'description': '具体的资源信息列表',
                                         'items': {'$ref': f'#/components/schemas/{stem}Item'}}}}
                    if isinstance(resp_sample, list):
                        page['properties']['data']['example'] = None if resp_partial else resp_sample
                    elif isinstance(resp_sample, dict) and 'data' in resp_sample:
                        page['example'] = None if resp_partial else resp_sample
                    elif resp_sample is not None:
                        report.append(f'{o.section}: paged list, sample is one item -> example on the items')
                        item['example'] = None if resp_partial else resp_sample
                    schemas[stem + 'Page'] = page
                    payload = {'$ref': f'#/components/schemas/{stem}Page'}
        elif resp_sample is not None:
            s = infer_schema(resp_sample)
            s['description'] = f'{o.title}：响应（文档无响应参数表，按样例）'
            if not isinstance(resp_sample, (dict, list)):
                s = {'description': s['description']}
            if isinstance(resp_sample, list):
                payload = dict(s)
                payload['example'] = None if resp_partial else resp_sample
            else:
                s['example'] = None if resp_partial else resp_sample
                schemas[stem + 'Data'] = s
                payload = {'$ref': f'#/components/schemas/{stem}Data'}
            report.append(f'{o.section}: response from the sample only')
        responses = collections.OrderedDict()
        for code in ok:
            r = {'description': self.status_text(code)}
            if fix.get('binary-response'):
                r['description'] = '响应为二进制文件'
                r['content'] = {'application/octet-stream': {'schema': {'type': 'string', 'format': 'binary'}}}
            elif o.part == 'native':
                env = {'type': 'object', 'description': f'{o.title}：响应（公共响应数据格式）',
                       'properties': {
                           'code': {'$ref': '../scp.yaml#/components/schemas/ResultCode'},
                           'message': {'$ref': '../scp.yaml#/components/schemas/ResultMessage'},
                       }}
                if payload is not None:
                    env['properties']['data'] = payload
                    env['required'] = ['code', 'message', 'data']
                    schemas[stem + 'Response'] = env
                    r['content'] = {'application/json': {'schema': {'$ref': f'#/components/schemas/{stem}Response'}}}
                elif code != '204':
                    r['content'] = {'application/json': {'schema': {'$ref': '../scp.yaml#/components/schemas/Envelope'}}}
            elif payload is not None:
                if isinstance(payload, dict) and '$ref' in payload:
                    r['content'] = {'application/json': {'schema': payload}}
                else:
                    schemas[stem + 'Response'] = payload
                    r['content'] = {'application/json': {'schema': {'$ref': f'#/components/schemas/{stem}Response'}}}
            responses[code] = r
        for code in errs:
            if code in responses:
                continue
            if o.part == 'native':
                responses[code] = {'$ref': f'../scp.yaml#/components/responses/Error{code}' if code in NATIVE_ERRORS else '../scp.yaml#/components/responses/Error'}
            else:
                responses[code] = {'$ref': '../scp.yaml#/components/responses/OpenStackError'}
        if not errs:
            responses['default'] = {'$ref': '../scp.yaml#/components/responses/Error' if o.part == 'native'
                                    else '../scp.yaml#/components/responses/OpenStackError'}
        op['responses'] = responses

        for t in nested_tables:
            if t.start not in b.used_tables and t.header and t.header[0] != '枚举值' and table_fields(t):
                report.append(f'ORPHAN {o.section}: table "{t.key()}" (line {t.start + 1}) not linked')

        # ---------- async / rate limits / security
        if o.part == 'native' and payload is not None and o.method != 'GET':
            tid = self.task_pointer(schemas, payload)
            if tid:
                op['x-async-task'] = Flow([('task-id', tid), ('poll', 'get_task')])
        if o.part == 'native':
            op['x-rate-limit'] = Flow(RATE_GET if o.method == 'GET' else RATE_WRITE)
        sec = fix.get('security', 'keystone' if o.part == 'openstack' else None)
        if sec == 'none':
            op['security'] = []
        elif sec == 'keystone':
            op['security'] = [{'keystone': []}]
        for k, v in fix.get('extra', {}).items():
            op[k] = v

        key = path
        item = ofile['paths'].setdefault(key, collections.OrderedDict())
        m = o.method.lower()
        if m in item:
            prev = item[m]
            if fix.get('merge'):
                # the same endpoint documented twice: one operation, the other section's fields added
                pref = prev['responses'][ok[0]]['content']['application/json']['schema']['$ref'].split('/')[-1]
                pdata = schemas[pref]['properties']['data']['$ref'].split('/')[-1]
                mine = schemas.get(stem + 'Data', {})
                added = []
                for k, v in mine.get('properties', {}).items():
                    if k not in schemas[pdata]['properties']:
                        v = dict(v)
                        v['description'] = v.get('description', '') + f'（{o.section} {o.title}）'
                        schemas[pdata]['properties'][k] = v
                        added.append(k)
                for k in [k for k in schemas if k.startswith(stem) and k[len(stem):] in ('Data', 'Response', 'Item', 'Page', 'Request')]:
                    del schemas[k]
                prev.setdefault('x-doc-also', []).append(Flow([('seed', SEED_NAME), ('section', Q(o.section)), ('title', o.title)]))
                prev['description'] += f'\n\n（{o.section} {o.title}：同一接口的另一处说明）\n' + desc
                report.append(f'{o.section}: merged into {prev["operationId"]} (added fields {added})')
                self.merged[slug] += 1
            else:
                report.append(f'{o.section}: duplicate {o.method} {key} (already {prev["operationId"]}) -- skipped')
            self.used_ids.discard(opid)
            return
        item[m] = op
        self.counts[slug] += 1
        self.ops_out.append((o, slug, opid, o.method, key))

    def task_pointer(self, schemas, payload):
        ref = payload.get('$ref') if isinstance(payload, dict) else None
        if not ref:
            return None
        s = schemas.get(ref.split('/')[-1])
        if s and 'task_id' in s.get('properties', {}):
            return '/data/task_id'
        return None

    def status_text(self, code):
        return {'200': 'OK', '201': 'Created', '202': 'Accepted', '204': 'No Content'}.get(code, code)

    def auto_name(self, o, path):
        segs = [s for s in path.split('#')[0].split('/') if s and s not in ('janus', 'openstack') and not re.match(r'^v?\d{8}$', s)]
        last_ph = segs and segs[-1].startswith('{')
        words = [s for s in segs if not s.startswith('{')]
        noun = '_'.join(snake(w) for w in words[-2:]) if words else 'root'
        verb = {'GET': 'get' if last_ph else 'list', 'POST': 'create', 'PUT': 'update', 'DELETE': 'delete'}.get(o.method, o.method.lower())
        ver = re.search(r'/janus/(\d{4})0725/', path)
        suf = f'_v{ver.group(1)}' if ver and ver.group(1) != '2018' else ''
        return f'{o.method} {path}', f'{verb}_{noun}{suf}'

    def check_path(self, o, path, samples):
        p0 = path.split('#')[0]
        pat = '^' + re.sub(r'\\\{[^}]+\\\}', r'[^/?]+', re.escape(p0)) + r'/?(\?.*)?$'
        found = [s for _, s in samples]
        if not found:
            return
        if not any(re.match(pat, s) for s in found):
            self.report.append(f'{o.section} PATH MISMATCH: {o.method} {path} vs samples {found[:3]}')

    def openstack_path(self, o, base, path, fix):
        if 'path' in fix:
            return fix['path']
        if base is None:
            return path
        return base.rstrip('/') + '/' + path.lstrip('/')


NATIVE_ERRORS = ('400', '401', '403', '404', '409', '429', '500')


def emit_all(doc, ops, summary, b, report, out):
    em = Emitter(doc, summary, b, report)
    em.assign_summary_rows(ops)
    for o in ops:
        em.emit(o)
    write_files(em, summary, report, out)
    unused = [r for r in summary if r['no'] not in em.used_summary]
    for r in unused:
        report.append(f'summary row {r["no"]} {r["group"]} / {r["name"]} ({r["version"]}) matched no section')
    em.report.append('COUNTS ' + json.dumps({'doc': em.doc_counts, 'draft': em.counts, 'merged': em.merged}, ensure_ascii=False))
    em.report.append('MINVERSION ' + json.dumps(em.min_version_src))
    em.report.append('PAGED-SAMPLES ' + json.dumps(em.paged_sample_kind))
    em.report.append('SCALAR-FIXES ' + json.dumps(SCALAR_FIXES, ensure_ascii=False))
    return em


# ---------------------------------------------------------------------------------------
# YAML writing
# ---------------------------------------------------------------------------------------
class NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def _str_rep(dumper, data):
    if '\n' in data:
        return dumper.represent_scalar('tag:yaml.org,2002:str', data, style='|')
    return dumper.represent_scalar('tag:yaml.org,2002:str', data)


class Q(str):
    """a string always written double-quoted (section numbers, versions)"""


class Flow(collections.OrderedDict):
    """a small mapping written in flow style ({seed: …, section: "4.2.1", title: …})"""


NoAliasDumper.add_representer(str, _str_rep)
NoAliasDumper.add_representer(Q, lambda d, data: d.represent_scalar('tag:yaml.org,2002:str', str(data), style='"'))
NoAliasDumper.add_representer(Flow, lambda d, data: d.represent_mapping('tag:yaml.org,2002:map', data.items(), flow_style=True))
NoAliasDumper.add_representer(collections.OrderedDict,
                              lambda d, data: d.represent_mapping('tag:yaml.org,2002:map', data.items()))


def strip_none_examples(x):
    if isinstance(x, dict):
        if 'example' in x and x['example'] is None and not x.get('nullable'):
            del x['example']
        for v in x.values():
            strip_none_examples(v)
    elif isinstance(x, list):
        for v in x:
            strip_none_examples(v)


def dump(obj, path, header=''):
    strip_none_examples(obj)
    text = yaml.dump(obj, Dumper=NoAliasDumper, allow_unicode=True, sort_keys=False, width=120,
                     default_flow_style=False)
    with open(path, 'w', encoding='utf-8') as fh:
        fh.write(header + text)


def ptr_escape(key):
    k = key.replace('~', '~0').replace('/', '~1')
    return k.replace('{', '%7B').replace('}', '%7D').replace('#', '%23')


def write_files(em, summary, report, out):
    os.makedirs(os.path.join(out, 'groups'), exist_ok=True)
    root = build_root(em)
    paths = collections.OrderedDict()
    order = list(NATIVE_GROUPS.values()) + [(v[0], v[1]) for v in OPENSTACK_GROUPS.values()]
    for slug, _ in order:
        gf = em.group_files.get(slug)
        if not gf:
            continue
        for key in gf['paths']:
            paths[key] = {'$ref': f"groups/{slug}.yaml#/paths/{ptr_escape(key)}"}
        body = collections.OrderedDict()
        body['paths'] = gf['paths']
        body['components'] = {'schemas': gf['schemas']} if gf['schemas'] else {'schemas': {}}
        hdr = (f'# Sangfor SCP open API, group `{slug}` ({gf["en"]}): path items and schemas.\n'
               f'# Referenced from ../scp.yaml; drafted by ../draft.py from seed {SEED_NAME}, then checked by hand.\n')
        dump(body, os.path.join(out, 'groups', f'{slug}.yaml'), hdr)
    root['paths'] = paths
    dump(root, os.path.join(out, 'scp.yaml'),
         f'# Sangfor SCP (Sangfor Cloud Platform) open API, from seed {SEED_NAME}.\n'
         '# Path items live in groups/<group>.yaml (one file per API group of the document).\n')


def build_root(em):
    root = collections.OrderedDict()
    root['openapi'] = '3.0.3'
    root['info'] = ROOT_INFO
    root['servers'] = ROOT_SERVERS
    root['security'] = [{'aksk': []}, {'token': []}]
    tags = []
    for slug, en in list(NATIVE_GROUPS.values()):
        zh = [k for k, v in NATIVE_GROUPS.items() if v[0] == slug][0]
        tags.append({'name': slug, 'description': f'{zh} ({en})'})
    for k, v in OPENSTACK_GROUPS.items():
        tags.append({'name': v[0], 'description': f'{k} ({v[1]})'})
    root['tags'] = tags
    for k, v in ROOT_EXTENSIONS.items():
        root[k] = v
    root['components'] = ROOT_COMPONENTS
    return root


ROOT_INFO = collections.OrderedDict([
    ('title', 'Sangfor SCP (Sangfor Cloud Platform) open API'),
    ('version', Q('6.10.0')),
    ('description', (
        '深信服企业级云平台提供了对基础计算、网络、存储等资源的管理，本文档主要介绍本平台所提供 API 的功能点以及调用方式等信息，'
        '以便于第三方用户基于现有 API 对深信服平台进行标准化管理以及运维。\n\n'
        '本文档介绍的 API 均为 REST（Representational State Transfer）风格 API，支持您通过 HTTPS 请求调用。\n\n'
        '1. 本文中所提及的 API仅支持，5.8.8R6 及以上版本的 HCI 资源池；\n'
        '2. 支持角色：管理员和租户以及拥有相应权限的协管员；\n'
        '3. 在为租户创建资源或者租户自己创建资源前，请先确认相关资源的配额充足；\n\n'
        'Transcribed from seed 004_8c0a1546f2dc6205.txt, which holds two documents: "SCP平台开放API接口说明文档" '
        '(native API under /janus/...) and "OpenStack-API接口说明文档" (OpenStack-compatible API under /openstack/...). '
        'Neither carries a publication date; `info.version` is the newest minimum platform version the summary table '
        '(5.2 接口汇总表) names. Each operation states its own minimum platform version in `x-min-version`. '
        'The documents say to call the API over HTTPS with certificate verification switched off '
        '("通过 HTTPS请求调用，需要关闭 SSL 证书校验"); the generated client verifies certificates '
        '(on-premise platforms with a self-signed certificate need that certificate added as a trusted root).')),
    ('x-crate-name', 'sangfor-scp'),
])
ROOT_SERVERS = [collections.OrderedDict([
    ('url', 'https://{host}'),
    ('description', (
        'The SCP platform (on-premise; the host is configured by the user). The document writes every request URL as '
        '`https://{SCP_IP}/janus/...` (native API) and `https://{acmp_ip}/openstack/...` (OpenStack-compatible API: '
        'Endpoint/path, where the endpoint of each service is listed in the Keystone service catalog, e.g. '
        '`https://{acmp_ip}/openstack/compute/v2`).')),
    ('variables', {'host': {'default': 'scp.example.com',
                            'description': 'SCP 平台的 IP 或域名（可带端口，例如 10.134.87.212:443）。'}}),
])]
ROOT_EXTENSIONS = collections.OrderedDict([
    ('x-error-envelope', collections.OrderedDict([('code', '/code'), ('message', '/message'), ('success', ['0'])])),
    ('x-common-headers', [
        collections.OrderedDict([
            ('name', 'Cookie'), ('required', False),
            ('description', 'SDK-API所需的验证信息，其中，aCMPAuthToken为必传字段，形式为aCMPAuthToken={任意字符串}，一般推荐使用uuid作为任意字符串，'
                            '例如： aCMPAuthToken=56debefee2c54355a49fc73dfaaa9466， 注：SCP6.3.70及以上版本已经无需再传入Cookie '
                            '(table 2.3.1 marks it 必选; required only before SCP 6.3.70, see spec/README.md).')]),
        collections.OrderedDict([
            ('name', 'X-Client-Token'), ('required', False),
            ('description', '幂等性校验：目前 SDK-API 以 janus 开头的 POST,PUT 接口提供幂等性校验功能（15分钟内有效）。只需要在请求头部增加“X-Client-Token”字段，'
                            '值是任意随机数（建议使用UUID4生成随机数），那么客户端用相同的参数来请求时，服务端就会返回429 Too Many Requests错误。'
                            ' OpenStack-compatible API: 创建云主机、创建卷、创建弹性ip、创建云主机规格、挂载网卡、更新弹性ip；时间限制5分钟，'
                            '系统会直接返回上次请求的结果。')]),
    ]),
])
LIST_PARAMS = collections.OrderedDict([
    ('sort', {'name': 'sort', 'in': 'query', 'required': False,
              'description': '排序字段，格式：sort=field1[,field2]，示例：sort=cup_ratio,mem_ratio', 'schema': {'type': 'string'}}),
    ('order_by', {'name': 'order_by', 'in': 'query', 'required': False,
                  'description': '排序方式，格式：ASC（默认），DESC，示例：ASC,DESC', 'schema': {'type': 'string'}}),
    ('fields', {'name': 'fields', 'in': 'query', 'required': False,
                'description': '期望字段，格式：fields=field1[,field2]，示例：fields=server_id,status', 'schema': {'type': 'string'}}),
    ('page_num', {'name': 'page_num', 'in': 'query', 'required': False, 'description': '请求页数，默认为0',
                  'schema': {'type': 'integer', 'minimum': 0, 'default': 0}}),
    ('page_size', {'name': 'page_size', 'in': 'query', 'required': False, 'description': '页面大小，默认为100，最大为100',
                   'schema': {'type': 'integer', 'minimum': 1, 'maximum': 100, 'default': 100}}),
])
STATUS_TABLE = {
    '400': ('Bad Request', '参数错误或资源所需依赖不正确'),
    '401': ('Unauthorized', '未认证'),
    '403': ('Forbidden', '权限不足'),
    '404': ('Not Found', '资源未找到'),
    '409': ('Conflict', '资源重复创建'),
    '429': ('Too Many Requests', '对同一个接口请求次数达到上限或幂等性校验未通过'),
    '500': ('Internal Server Error', '内部错误，请联系技术支持协助排查'),
}


def root_components():
    c = collections.OrderedDict()
    c['securitySchemes'] = collections.OrderedDict([
        ('aksk', collections.OrderedDict([
            ('type', 'apiKey'), ('in', 'header'), ('name', 'Authorization'),
            ('description', (
                'EC2认证（推荐）：AWS4-HMAC-SHA256 签名。Authorization 格式：{认证方式} + 空格 + {认证参数}，例如 '
                '`AWS4-HMAC-SHA256 Credential=be763c9968a143a99e1998ccce7594c7/20210104/cn-east-1/dsp-api/aws4_request, '
                'SignedHeaders=path;x-amz-date, Signature=b8701b45...`；X-Amz-Date：请求当前时间（签名时间 yyyyMMddTHHmmssZ）。'
                'AK/SK 由技术支持在后台生成（SCP6.3.70 起租户可在界面申请，SCP6.3.80 起 admin 也可）。'
                '请求签名中定义：Service: open-api，Region: cn-south-1，EC2_ALGORITHM: AWS4-HMAC-SHA256（3.1.2）。'
                '“目前不支持使用host作为签名头”。EC2 认证的请求超时为15分钟（2.7.1）。')),
            ('x-signing', collections.OrderedDict([
                ('algorithm', 'sangfor-aws4'),
                ('service', 'open-api'),
                ('region', 'cn-south-1'),
                ('signed-headers', 'path;x-amz-date'),
                ('date-header', 'X-Amz-Date'),
                ('canonical-query', 'empty'),
                ('canonical-headers', 'x-amz-date:<X-Amz-Date> and a newline (the only canonical header)'),
                ('payload-hash', 'sha256-hex of the body (empty string for GET or an empty body)'),
            ])),
            ('x-limits', [{'limit': 'request-expiry', 'value': 15, 'unit': 'minute',
                           'text': '此外，与 EC2 认证的15分钟请求超时相搭配使用，可以防范中间人的重放攻击，进一步提升接口的安全性。'}]),
        ])),
        ('token', collections.OrderedDict([
            ('type', 'apiKey'), ('in', 'header'), ('name', 'Authorization'),
            ('description', (
                '密码 (Token) 认证：获取公钥模数（GET /janus/public-key）；利用公钥模数加密密码（RSA PKCS#1 v1.5，e=0x10001，结果 hex），'
                '并请求密码认证接口 POST /janus/authenticate（body {"auth": {"passwordCredentials": {"username": ..., "password": <encrypted>}}}），'
                '获取 Token（响应 data.access.token.id）；利用获取到的 Token，加入到每个请求认证头中即可调用接口：`Authorization: Token <id>`。'
                'Token 有过期时间 (目前是24小时), 过期后需要重新申请；使用 OpenStack-API 文档所述的租户认证方式同样可获得可用的Token。'
                '支持 SCP 版本：6.3.0及以上版本。')),
            ('x-token-auth', collections.OrderedDict([
                ('provider', 'sangfor-janus-password'),
                ('scheme-prefix', 'Token '),
                ('public-key', collections.OrderedDict([('method', 'GET'), ('path', '/janus/public-key'),
                                                        ('modulus', '/data/public_key'), ('exponent', '0x10001'),
                                                        ('padding', 'pkcs1-v1_5'), ('strip-trailing', 'newline')])),
                ('token-request', collections.OrderedDict([
                    ('method', 'POST'), ('path', '/janus/authenticate'),
                    ('body', '{"auth": {"passwordCredentials": {"username": "<username>", "password": "<hex RSA ciphertext>"}}}')])),
                ('token-pointer', '/data/access/token/id'),
                ('expires-pointer', '/data/access/token/expires'),
                ('lifetime-seconds', 86400),
            ])),
        ])),
        ('keystone', collections.OrderedDict([
            ('type', 'apiKey'), ('in', 'header'), ('name', 'X-Auth-Token'),
            ('description', (
                'OpenStack-compatible API: 获取Token后，再调用其他接口时，您需要在请求消息头中添加“X-Auth-Token”，其值即为Token id。'
                'Token 由 keystone 认证接口获得：POST https://{acmp_ip}/openstack/identity/v2.0/tokens，'
                '使用用户名，密码作为认证参数获取认证信息（当前只支持以租户的身份认证），响应 access.token.id 即为 Token，'
                'access.token.expires 为过期时间；响应的 serviceCatalog 给出各服务的 endpoint。')),
            ('x-token-auth', collections.OrderedDict([
                ('provider', 'openstack-keystone-v2'),
                ('token-request', collections.OrderedDict([
                    ('method', 'POST'), ('path', '/openstack/identity/v2.0/tokens'),
                    ('body', '{"auth": {"tenantName": "<tenant>", "passwordCredentials": {"username": "<username>", "password": "<password>"}}}')])),
                ('token-pointer', '/access/token/id'),
                ('expires-pointer', '/access/token/expires'),
                ('operation', 'keystone_create_token'),
            ])),
        ])),
    ])
    c['parameters'] = LIST_PARAMS
    c['schemas'] = collections.OrderedDict([
        ('ResultCode', {'type': 'integer', 'description': '操作状态码，成功时返回值为0。'}),
        ('ResultMessage', {'type': 'string', 'description': '调用失败后的异常描述信息'}),
        ('Envelope', {'type': 'object', 'description': '公共响应数据格式（2.5.2）。',
                      'required': ['code', 'message', 'data'],
                      'properties': collections.OrderedDict([
                          ('message', {'$ref': '#/components/schemas/ResultMessage'}),
                          ('code', {'$ref': '#/components/schemas/ResultCode'}),
                          ('data', {'type': 'object', 'nullable': True, 'description': '接口调用实际返回的数据内容。'}),
                      ]),
                      'example': {'message': '', 'code': 0, 'data': {}}}),
        ('OpenStackError', {'type': 'object', 'description': 'OpenStack-compatible API error body (the document does not describe it).',
                            'additionalProperties': {}}),
    ])
    c['responses'] = collections.OrderedDict()
    c['responses']['Error'] = {'description': '异常（公共响应数据格式，code 非 0）',
                               'content': {'application/json': {'schema': {'$ref': '#/components/schemas/Envelope'}}}}
    for code, (en, zh) in STATUS_TABLE.items():
        c['responses'][f'Error{code}'] = {'description': f'{en}: {zh}',
                                          'content': {'application/json': {'schema': {'$ref': '#/components/schemas/Envelope'}}}}
    c['responses']['OpenStackError'] = {'description': 'OpenStack-compatible API error (5.1.2 错误返回状态码)',
                                        'content': {'application/json': {'schema': {'$ref': '#/components/schemas/OpenStackError'}}}}
    return c


ROOT_COMPONENTS = root_components()


def _check_tables():
    import ast
    tree = ast.parse(open(os.path.abspath(__file__), encoding='utf-8').read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', None) in ('FIXES', 'TITLES_EN', 'SUMMARY_ROW'):
            keys = [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
            dup = [k for k, v in collections.Counter(keys).items() if v > 1]
            if dup:
                sys.exit(f'duplicate keys in {node.targets[0].id}: {dup}')


def main():
    _check_tables()
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', default='/work/shared/seeds/' + SEED_NAME)
    ap.add_argument('--out', required=True, help='scratch directory (never spec/sangfor)')
    ap.add_argument('--report', default='/tmp/sangfor-draft-report.txt')
    a = ap.parse_args()
    doc = Doc(a.seed)
    report = []
    enums = load_enums(doc)
    summary = load_summary(doc)
    ops = find_ops(doc)
    b = Builder(doc, enums, report)
    emit_all(doc, ops, summary, b, report, a.out)
    with open(a.report, 'w', encoding='utf-8') as fh:
        fh.write('\n'.join(report) + '\n')
    print(f'{len(ops)} operations; report: {a.report} ({len(report)} lines)')


if __name__ == '__main__':
    sys.path.insert(0, HERE)
    main()
