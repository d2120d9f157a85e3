# What telecom insiders leak with a subscriber: handset and SIM numbers.
# Tier C (other personal information).

# IMEI: 15 digits with a Luhn check. One random 15-digit number in ten
# passes, and 15-digit IDs look the same: a value only right after an IMEI
# label (IMEI号：...) or in a column under one.
[signature]
id = 1012
name = IMEI
category = imei
tier = C
validator = imei
require_keyword = yes
label = IMEI
label = imei1
label = imei2
label = MEID
label = 串号
label = 设备号
label = 终端号

# ICCID of a Chinese SIM: 89 (telecom) 86 (China), 19-20 digits, Luhn.
[signature]
id = 1014
name = ICCID (SIM card number)
category = iccid
tier = C
validator = iccid
pattern = (?:^|[^0-9A-Za-z])8986\d{15,16}
keyword = ICCID
keyword = SIM卡号
keyword = 卡串号

# IMSI: MCC 460 and an allocated MNC; no check digit, so only after its label.
[signature]
id = 1015
name = IMSI
category = imsi
tier = C
validator = imsi
require_keyword = yes
label = IMSI
