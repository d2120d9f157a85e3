# Mainland mobile numbers: 11 digits, plain or in 3-4-4 groups split by a
# space or dash; a +86/0086/86 prefix is read back by the validator, which
# also checks the allocated number ranges. The pattern starts where the
# validator's token does (after a non-alphanumeric byte, or at a country
# code), so that a long run of digits does not match at every 1 in it.
# Tier C (other personal information).
[signature]
id = 1002
name = PRC mobile phone number
category = cn_mobile
tier = C
validator = cn_mobile
identifier = yes
pattern = (?:^|[^0-9A-Za-z])(?:(?:00)?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}
masked_pattern = 1[3-9]\d\*{4}\d{4}
masked_pattern = 1[3-9]\d[ -]\*{4}[ -]\d{4}
# Placeholders found in documentation, forms and test data everywhere.
sample_value = 13800138000
sample_value = 13800000000
keyword = 手机
keyword = 手机号
keyword = 手机号码
keyword = 移动电话
keyword = 联系电话
keyword = 联系方式
keyword = 电话
keyword = 机主
keyword = 手機
keyword = 電話
keyword = mobile
keyword = phone
keyword = cellphone
keyword = telephone
keyword = msisdn
keyword = shouji
keyword = sjhm
keyword = lxdh
