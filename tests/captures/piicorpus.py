#!/usr/bin/env python3
"""Writes the labelled detection corpus of dlp-sensor: OUTDIR/corpus.jsonl.

Every line is one case: {"kind": "positive"|"decoy", "category", "variant",
"hex": the bytes, "expect": ["category:value", ...]}. A positive must yield
its value (normalised as the validator gives it) in its category; a decoy
must yield nothing but what "expect" lists (masked values are never leaks).
Positives come in every encoding a leak takes: UTF-8 and GBK text, CSV with
a header, JSON with plain and \\u-escaped keys, URL-encoded forms in UTF-8
and GBK, numbers split by separators and typed in full-width digits.
All values are synthetic: made with valid check digits, belonging to nobody.
usage: piicorpus.py OUTDIR
"""
import json
import sys
from pathlib import Path
from urllib.parse import quote, quote_plus

sys.path.insert(0, str(Path(__file__).parent))
from pcapgen import id_check, luhn_complete  # noqa: E402

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_complete(first17):
    s = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return first17 + USCC_ALPHABET[(31 - s % 31) % 31]


def resident_id(first17):
    return first17 + id_check(first17)


# category -> (Chinese keyword or label, ASCII keyword or label, [(as written, as reported)], numeric)
# "numeric" values also get separator and full-width variants.
CASES = {
    "cn_resident_id": ("身份证号", "idCard", [(resident_id("11010519900307123"), None),
                                               (resident_id("44030519851111234"), None)], True),
    "cn_mobile": ("手机号", "mobile", [("13912345678", None), ("+8618611112222", "18611112222")], True),
    "cn_landline": ("固定电话", "landline", [("010-62345678", "01062345678"), ("0755 86001234", "075586001234"),
                                           ("(021)52345678", "02152345678")], False),
    "bank_card": ("银行卡号", "bankCard", [(luhn_complete("622848040256489"), None),
                                          (luhn_complete("621700001000100123"), None),
                                          ("6221730301002042987", None)], True),
    "email": ("邮箱", "email", [("wang.fang88@example.cn", None)], False),
    "hk_id": ("香港身份证", "HKID", [("A123456(3)", "A1234563")], False),
    "tw_id": ("身分證字號", "twid", [("A123456789", None)], False),
    "cn_passport": ("护照号", "passportNo", [("E12345678", None), ("EA1234567", None)], False),
    "hk_macau_permit": ("港澳通行证", "hkMacauPermit", [("C12345678", None), ("H12345678", None)], False),
    "mainland_travel_permit": ("往来台湾通行证", "taiwanPermit", [("L12345678", None)], False),
    "imei": ("IMEI", "imei1", [("490154203237518", None)], False),
    "iccid": ("ICCID", "iccid", [(luhn_complete("898600123456789012"), None)], False),
    "imsi": ("IMSI", "imsi", [("460001234567890", None)], False),
    "vehicle_plate": ("车牌号", "plateNo", [("京A12345", None), ("粤B·D12345", "粤BD12345")], False),
    "vin": ("车架号", "VIN", [("1M8GDM9AXKP042788", None)], False),
    "uscc": ("统一社会信用代码", "USCC", [("91350100M000100Y43", None)], False),
    "uscc_sole_proprietor": ("个体工商户", "uscc", [(uscc_complete("92440300MA5DAB12C"), None)], False),
    "person_name": ("姓名", "name", [("张伟", None), ("欧阳娜娜", None)], False),
    "address": ("住址", "address", [("北京市朝阳区建国路88号", None), ("广东省深圳市南山区科技园3栋2单元1502室", None)],
                False),
    "qq": ("QQ号", "qq_no", [("123456789", None)], False),
    "wechat_id": ("微信号", "wechat", [("zhangwei_1988", None)], False),
    "medical_record_no": ("病案号", "medicalRecordNo", [("ZY20231234", None)], False),
    "insurance_policy_no": ("保单号", "policyNo", [("P2023440300001234", None)], False),
    "courier_waybill": ("运单号", "waybillNo", [("SF1234567890123", None), ("RR123456785CN", None)], False),
}

# The 15-digit ID and a card failing Luhn count only after their keyword.
KEYWORD_ONLY = {"cn_resident_id": ("身份证", "idNo", [("110105491231003", resident_id("11010519491231003"))])}


def grouped(value, sizes, sep):
    out, i = [], 0
    for n in sizes:
        out.append(value[i:i + n])
        i += n
    return sep.join(out)


def texts(kw, akw, written):
    """The same value after its keyword, as each kind of document carries it."""
    sentence = f"客户{kw}：{written}，请核对。"
    table = f"序号,{kw},备注\r\n1,{written},无\r\n"
    yield "utf8_text", sentence.encode()
    yield "gbk_text", sentence.encode("gbk")
    yield "csv_utf8", table.encode()
    yield "csv_gbk", table.encode("gbk")
    yield "json", json.dumps({akw: written}, ensure_ascii=False).encode()
    yield "json_escaped", json.dumps({kw: written}).encode()
    yield "form_utf8", f"a=1&{quote(kw)}={quote_plus(written)}&b=2".encode()
    yield "form_gbk", f"a=1&{quote(kw, encoding='gbk')}={quote_plus(written, encoding='gbk')}&b=2".encode()


def number_variants(category, kw, value):
    """Separators and full-width digits, for the numbers people type."""
    sizes = {"cn_resident_id": [6, 8, 4], "cn_mobile": [3, 4, 4], "bank_card": [4, 4, 4, 4, len(value) - 16]}
    groups = [n for n in sizes[category] if n]
    for name, sep in (("space", " "), ("dash", "-")):
        yield f"sep_{name}", f"{kw}：{grouped(value, groups, sep)}".encode()
    if category != "cn_resident_id":
        yield "sep_ideographic", f"{kw}：{grouped(value, groups, '　')}".encode()
        yield "sep_form_plus", f"a=1&{quote(kw)}={grouped(value, groups, '+')}&b=2".encode()
        yield "sep_form_pct20", f"a=1&{quote(kw)}={grouped(value, groups, '%20')}&b=2".encode()
    wide = f"{kw}：{value.translate(FULL_WIDTH)}"
    yield "fullwidth_utf8", wide.encode()
    yield "fullwidth_gbk", wide.encode("gbk")


def positives():
    for category, (kw, akw, values, numeric) in CASES.items():
        for written, reported in values:
            expect = [f"{category}:{reported or written}"]
            for variant, data in texts(kw, akw, written):
                yield category, variant, data, expect
            if numeric:
                for variant, data in number_variants(category, kw, reported or written):
                    yield category, variant, data, expect
    for category, (kw, akw, values) in KEYWORD_ONLY.items():
        for written, reported in values:
            for variant, data in texts(kw, akw, written):
                yield category, "15digit_" + variant, data, [f"{category}:{reported}"]


def account_lists():
    """Account lists as account markets sell them, a pair a line, and the labelled pair."""
    qq, mobile, email, login = "2843017765", "13812345678", "wang.fang88@example.cn", "zhangwei88"
    acc = "account_credentials"
    lines = [
        ("qq_dashes", f"{qq}----a1b2c3d4\n", [f"{acc}:{qq}"]),
        ("mobile_dashes_note", f"{mobile}----pass1234----备注\n", [f"{acc}:{mobile}", f"cn_mobile:{mobile}"]),
        ("email_colon", f"{email}:Passw0rd\n", [f"{acc}:{email}", f"email:{email}"]),
        ("qq_bar", f"{qq}|a1b2c3d4\n", [f"{acc}:{qq}"]),
        ("qq_tab", f"{qq}\ta1b2c3d4\n", [f"{acc}:{qq}"]),
        ("labelled", f"账号：{login} 密码：abc123\n", [f"{acc}:{login}"]),
    ]
    for variant, text, expect in lines:
        yield acc, variant + "_utf8", text.encode(), expect
        yield acc, variant + "_gbk", text.encode("gbk"), expect
    im = json.dumps({"type": "text", "content": f"{mobile}----pass1234\n{qq}----a1b2c3d4\n"})
    yield acc, "im_json", im.encode(), [f"{acc}:{qq}", f"{acc}:{mobile}", f"cn_mobile:{mobile}"]
    yield acc, "labelled_json", json.dumps({"username": login, "password": "abc123"}).encode(), [f"{acc}:{login}"]
    yield acc, "labelled_form", f"a=1&{quote('账号')}={login}&{quote('密码')}=abc123".encode(), [f"{acc}:{login}"]


def decoys():
    good_id = resident_id("11010519900307123")
    card = luhn_complete("622848040256489")
    bad_card = card[:-1] + str((int(card[-1]) + 1) % 10)
    imei_like_id = luhn_complete("35010280010112")  # also reads as a 15-digit ID
    cases = [
        ("ms_timestamp", "手机号 1700000000123 时间戳", []),
        ("snowflake_19", "订单号 6212345678901234567 支付成功", []),
        ("order_18", "订单号 202311141234567890", []),
        ("invalid_date", "身份证号 " + resident_id("11010519900230123"), []),
        ("wrong_check", "身份证号 " + good_id[:17] + ("0" if good_id[17] != "0" else "1"), []),
        ("wrong_luhn_no_keyword", "transfer " + bad_card, []),
        ("luhn_float", "ratio=0." + card + " and " + card + ".25", []),
        ("css_values", "width:13912345678px;margin:0.13912345678em;color:#622848", []),
        ("id_in_longer_run", "id=" + good_id + "7", []),
        ("imei_without_keyword", f"device {imei_like_id} ok", []),
        ("card_failing_luhn_without_keyword", "ref 6221730301002042987 ok", []),
        ("json_ids", '{"ts":1700000000123,"traceId":"202311141234567890123","seq":13912345678901}', []),
        ("uscc_code", "统一社会信用代码：91350100M000100Y43", ["uscc:91350100M000100Y43"]),
        ("masked_mobile", "手机 138****5678", []),
        ("masked_id", "身份证 110105********002X", []),
        ("masked_card", "卡号 6222 **** **** 1234", []),
        ("masked_name", "姓名：张*", []),
        ("passport_without_keyword", "part E12345678 in stock", []),
        ("service_numbers", "客服 400-810-8888 或 95588", []),
        ("name_not_a_surname", "姓名：哈哈哈哈哈", []),
        ("version", "version 1.2.3.4 build 13912345678.5", []),
        # Colons, bars and tabs that pair no account with a secret.
        ("clock_and_version", "12:30:45 2024-01-01T12:30:45+08:00 version 1.2.3:beta\n20240101:release1\n", []),
        ("key_value_log", "level: info\nhost: db1\nuser: admin\n", []),
        ("css_pseudo_classes", "a:hover{color:red}\nli:first-child{margin:0}\n", []),
        ("host_port_list", "10.0.0.1:8080\n10.0.0.2:8080\ndb.example.com:5432\n", []),
        ("config_one_password", "[db]\nusername = admin\npassword = s3cret!\n", []),
        ("tsv_id_and_word", "10023\tZhangSan\n10024\tabc123\t138\n", []),
        ("rules", "----------\n----\n", []),
    ]
    for variant, text, expect in cases:
        yield "decoy", variant, text.encode(), expect


def mixed():
    """An IMEI whose digits read as a 15-digit ID (Fujian, born 1980-01-01),
    next to a real 15-digit ID: each is what its own label says."""
    imei_like_id = luhn_complete("35010280010112")
    text = f"身份证 110105491231003 IMEI {imei_like_id}"
    yield "imei", "next_to_15digit_id", text.encode(), [f"cn_resident_id:{resident_id('11010519491231003')}",
                                                         f"imei:{imei_like_id}"]


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "corpus.jsonl", "w") as f:
        for category, variant, data, expect in [*positives(), *account_lists(), *mixed()]:
            f.write(json.dumps({"kind": "positive", "category": category, "variant": variant, "hex": data.hex(),
                                "expect": expect}) + "\n")
        for category, variant, data, expect in decoys():
            f.write(json.dumps({"kind": "decoy", "category": category, "variant": variant, "hex": data.hex(),
                                "expect": expect}) + "\n")


if __name__ == "__main__":
    main()
