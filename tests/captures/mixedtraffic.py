"""The bodies of the benchmark capture: web traffic as a mirror port sees it
in a Chinese company, mostly harmless. Fast paths depend on content, so the
mix has what real traffic has: Chinese pages in UTF-8 and GBK, JSON APIs with
Chinese values and long numbers, CSV exports, forms %-encoded, scripts,
gzip-compressed responses and binary files (images, archives), with the
occasional full-width digit and ideographic space. Everything is drawn from
a seeded generator: the same seed writes the same bytes.
"""
import gzip
import random

# Common characters of news and shop pages, and the punctuation between them.
HANZI = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
         "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好"
         "应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道"
         "命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长"
         "求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色"
         "光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教"
         "速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记"
         "需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史"
         "感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育"
         "厂京识适属圆包火住调满县局照参红细引听该铁价严")
PUNCTUATION = ["，", "。", "、", "；", "：", "“", "”", "（", "）", "！", "？", " "]
WORDS = ["订单", "价格", "发货", "客服", "优惠", "会员", "积分", "活动", "库存", "物流", "退款", "评价", "商品", "规格"]


def sentence(rng):
    """Chinese text with the numbers pages carry: dates, prices, counts,
    now and then written in full-width digits or set off by 　."""
    parts = []
    for _ in range(rng.randint(3, 7)):
        parts.append("".join(rng.choice(HANZI) for _ in range(rng.randint(2, 9))))
        roll = rng.random()
        if roll < 0.15:
            parts.append(f"{rng.randint(2015, 2026)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
        elif roll < 0.25:
            parts.append(f"{rng.randint(1, 9999)}.{rng.randint(0, 99):02}元")
        elif roll < 0.28:
            parts.append("".join(chr(0xFF10 + int(d)) for d in str(rng.randint(10, 99999))) + "件")
        elif roll < 0.30:
            parts.append("\u3000" + rng.choice(WORDS))
        parts.append(rng.choice(PUNCTUATION))
    return "".join(parts) + "。"


def chinese_page(rng, paragraphs):
    body = "".join(f"<p class=\"c{rng.randint(1, 9)}\">{sentence(rng)}{sentence(rng)}</p>\n" for _ in range(paragraphs))
    return (f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{sentence(rng)[:12]}</title>"
            f"</head><body><div id=\"main\">\n{body}</div></body></html>\n")


def json_api(rng, items):
    rows = []
    for _ in range(items):
        rows.append(f"{{\"id\":{rng.randint(10**9, 10**12)},\"sku\":\"SKU{rng.randint(10**7, 10**8)}\","
                    f"\"title\":\"{sentence(rng)[:20]}\",\"price\":{rng.randint(1, 99999) / 100},"
                    f"\"stock\":{rng.randint(0, 5000)},\"updated\":{rng.randint(1_600_000_000_000, 1_800_000_000_000)},"
                    f"\"tags\":[\"{rng.choice(WORDS)}\",\"{rng.choice(WORDS)}\"]}}")
    return "{\"code\":0,\"msg\":\"success\",\"data\":[" + ",".join(rows) + "]}"


def csv_export(rng, rows):
    lines = ["订单号,商品,数量,金额,下单时间,状态\r\n"]
    for _ in range(rows):
        lines.append(f"{rng.randint(2024 * 10**14, 2025 * 10**14)},{rng.choice(WORDS)}{rng.choice(HANZI)},"
                     f"{rng.randint(1, 20)},{rng.randint(100, 999999) / 100},"
                     f"2024-{rng.randint(1, 12):02}-{rng.randint(1, 28):02} {rng.randint(0, 23):02}:"
                     f"{rng.randint(0, 59):02}:{rng.randint(0, 59):02},{rng.choice(WORDS)}\r\n")
    return "".join(lines)


def script(rng, functions):
    out = []
    for i in range(functions):
        out.append(f"function f{i}_{rng.randint(0, 9999)}(a,b){{var t=a.length>{rng.randint(1, 64)}?a.slice(0,"
                   f"{rng.randint(1, 32)}):a;return t.map(function(x){{return x*{rng.randint(2, 97)}+b}})}}\n")
    return "".join(out)


def search_form(rng):
    query = "".join(f"%{b:02X}" for b in sentence(rng)[:10].encode())
    return f"q={query}&page={rng.randint(1, 50)}&size=20&sort=price+desc&ts={rng.randint(10**12, 2 * 10**12)}"


def response(ctype, body, extra=""):
    return (f"HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: {ctype}\r\n{extra}"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def request(rng, method, uri, host, body=b"", ctype=None):
    head = (f"{method} {uri} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64)\r\n"
            f"Accept: */*\r\nAccept-Language: zh-CN,zh;q=0.9\r\nCookie: sid={rng.getrandbits(64):016x}\r\n")
    if body:
        head += f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
    return (head + "\r\n").encode() + body


class Bodies:
    """A pool of each kind of exchange, drawn from as flows are written (so
    that 200 MB are written in seconds): (request, response) byte pairs."""

    def __init__(self, seed, pool=40):
        rng = random.Random(seed)
        self.kinds = []
        for _ in range(pool):
            page = chinese_page(rng, rng.randint(20, 200))
            api = json_api(rng, rng.randint(20, 300))
            self.kinds.append([
                (request(rng, "GET", "/news/index.html", "news.example.cn"),
                 response("text/html; charset=utf-8", page.encode())),
                (request(rng, "GET", "/bbs/thread.php", "bbs.example.cn"),
                 response("text/html; charset=gbk", page.encode("gbk", "replace"))),
                (request(rng, "GET", "/api/v2/items", "api.example.cn"),
                 response("application/json", api.encode())),
                (request(rng, "GET", "/export/orders.csv", "erp.example.cn"),
                 response("text/csv; charset=utf-8", csv_export(rng, rng.randint(50, 1000)).encode())),
                (request(rng, "GET", "/static/app.js", "cdn.example.net"),
                 response("application/javascript", script(rng, rng.randint(50, 600)).encode())),
                (request(rng, "GET", "/news/more.html", "news.example.cn"),
                 response("text/html; charset=utf-8", gzip.compress(page.encode(), 6), "Content-Encoding: gzip\r\n")),
                (request(rng, "GET", "/api/v2/feed", "api.example.cn"),
                 response("application/json", gzip.compress(api.encode(), 6), "Content-Encoding: gzip\r\n")),
                (request(rng, "GET", "/img/banner.jpg", "cdn.example.net"),
                 response("image/jpeg", b"\xff\xd8\xff\xe0" + rng.randbytes(rng.randint(2_000, 60_000)))),
                (request(rng, "GET", "/dl/update.zip", "cdn.example.net"),
                 response("application/zip", b"PK\x03\x04" + rng.randbytes(rng.randint(5_000, 60_000)))),
                (request(rng, "POST", "/search", "shop.example.cn", search_form(rng).encode(),
                         "application/x-www-form-urlencoded"),
                 response("application/json", json_api(rng, rng.randint(1, 10)).encode())),
            ])

    def exchange(self, rng):
        return rng.choice(rng.choice(self.kinds))
