# Mainland fixed-line numbers: trunk 0, area code (010, 02X or three
# digits), 7-8 digit subscriber number; plain, with a space or dash, or as
# (0755)12345678. 400/800/95xxx service numbers never match (no trunk 0).
# Tier C (other personal information).
[signature]
id = 1005
name = PRC fixed-line phone number
category = cn_landline
tier = C
validator = cn_landline
pattern = (?:^|[^0-9A-Za-z])0(?:10|2\d|[3-9]\d\d)[ -]?[2-9]\d{6,7}
pattern = \(0(?:10|2\d|[3-9]\d\d)\)[ -]?[2-9]\d{6,7}
keyword = 固话
keyword = 座机
keyword = 固定电话
keyword = 办公电话
keyword = 家庭电话
keyword = 电话
keyword = landline
keyword = telephone
keyword = guhua
