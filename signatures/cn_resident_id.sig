# PRC resident identity card numbers (GB 11643-1999), 18 characters.
# The pattern is a prefilter: province, year, month and day shapes. The
# validator checks boundaries, the real date and the MOD 11-2 check character.
# Tier C (other personal information: 5,000 records make a leak serious).
[signature]
id = 1001
name = PRC resident identity card number
category = cn_resident_id
tier = C
validator = cn_resident_id
identifier = yes
pattern = (?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])\d{4}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]
# The same in 6-8-4 groups, split by a space or dash (forms, OCR output).
pattern = (?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])\d{4}[ -](?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ -]\d{3}[\dXx]
# De-identified forms (6-8-4, 3-11-4, 4-10-4, 8-6-4, 1-16-1), 18 characters.
masked_pattern = (?:[1-8]\d{5}\*{8}|[1-8]\d{2}\*{11}|[1-8]\d{3}\*{10}|[1-8]\d{7}\*{6})\d{3}[\dXx]
masked_pattern = [1-8]\*{16}[\dXx]
# The examples of GB 11643-1999 itself.
sample_value = 11010519491231002X
sample_value = 440524188001010014
keyword = 身份证
keyword = 身份证号
keyword = 公民身份号码
keyword = 居民身份证
keyword = 证件号
keyword = 身份号码
keyword = 身分證
keyword = 身份證
keyword = 户籍
keyword = 出生日期
keyword = idcard
keyword = id_card
keyword = idNo
keyword = id_no
keyword = certNo
keyword = cert_no
keyword = certificateNo
keyword = sfz
keyword = sfzh
keyword = sfzhm
keyword = shenfenzheng
keyword = zjhm

# The first-generation 15-digit form (AAAAAA YYMMDD SSS, no check digit),
# reported as the 18-digit number it became. Without a check digit it is a
# value only right after an ID label (身份证号码为：...) or in a column under
# one; the token after a label is handed to the validator.
[signature]
id = 1011
name = PRC resident identity card number (15-digit)
category = cn_resident_id
tier = C
validator = cn_resident_id_15
identifier = yes
require_keyword = yes
label = 身份证
label = 身份证号
label = 身份证号码
label = 公民身份号码
label = 居民身份证
label = 证件号
label = 证件号码
label = idNo
label = id_no
label = idcard
label = id_card
label = sfz
label = sfzh
label = sfzhm
