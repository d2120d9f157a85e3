# Identity documents other than the mainland resident ID. Strong
# identifiers: a record is built around them.
# Tier C (other personal information).

# Hong Kong identity card: A123456(3), with its mod-11 check character.
# Its validator reads a whole token, so the pattern starts at a token's start.
[signature]
id = 1006
name = Hong Kong identity card number
category = hk_id
tier = C
validator = hk_id
identifier = yes
pattern = (?:^|[^0-9A-Za-z])[A-Z]{1,2}\d{6}(?:\([0-9A]\)|[0-9A])
keyword = 香港身份证
keyword = 香港身份證
keyword = 香港永久性居民
keyword = HKID

# Taiwan national ID and resident certificate: A123456789, mod-10 check,
# read as a whole token.
[signature]
id = 1007
name = Taiwan national identification number
category = tw_id
tier = C
validator = tw_id
identifier = yes
pattern = (?:^|[^0-9A-Za-z])[A-Z][1289]\d{8}
keyword = 身分證字號
keyword = 國民身分證
keyword = 居留證
keyword = 台湾身份证

# Passports and permits have no public check digit: a value only right
# after one of their labels (护照号码：...) or in a column under one.
[signature]
id = 1010
name = PRC passport number
category = cn_passport
tier = C
validator = cn_passport
identifier = yes
require_keyword = yes
label = 护照
label = 护照号
label = 护照号码
label = 因私护照
label = 護照
label = passport
label = passportNo
label = huzhao
label = hzhm

# 往来港澳通行证 (C...) and 港澳居民来往内地通行证 / 回乡证 (H/M...).
[signature]
id = 1008
name = Hong Kong/Macao travel permit number
category = hk_macau_permit
tier = C
validator = hk_macau_permit
identifier = yes
require_keyword = yes
label = 港澳通行证
label = 往来港澳
label = 通行证
label = 回乡证
label = 港澳居民来往内地通行证
label = hkMacauPermit
label = homeReturnPermit
label = gatxz

# 大陆居民往来台湾通行证: L + 8 digits.
[signature]
id = 1009
name = Mainland travel permit to Taiwan number
category = mainland_travel_permit
tier = C
validator = mainland_travel_permit
identifier = yes
require_keyword = yes
label = 往来台湾通行证
label = 大陆居民往来台湾通行证
label = 赴台通行证
label = 台湾通行证
label = taiwanPermit
label = dltxz
