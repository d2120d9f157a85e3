# What telecom insiders leak with a subscriber: handset and SIM numbers.
# Tier C (other personal information).

# IMEI: 15 digits with a Luhn check. One random 15-digit number in ten
# passes, and 15-digit IDs look the same: a value only after an IMEI keyword.
[signature]
id = 1012
name = IMEI
category = imei
tier = C
validator = imei
require_keyword = yes
pattern = (?:^|[^0-9A-Za-z])\d{15}
keyword = IMEI
keyword = imei1
keyword = imei2
keyword = MEID
keyword = 串号
keyword = 设备号
keyword = 终端号

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

# IMSI: MCC 460 and an allocated MNC; no check digit, so keyword only.
[signature]
id = 1015
name = IMSI
category = imsi
tier = C
validator = imsi
require_keyword = yes
pattern = (?:^|[^0-9A-Za-z])460(?:0\d|1[15])\d{10}
keyword = IMSI
