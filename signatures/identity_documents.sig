# Identity documents other than the mainland resident ID. Strong
# identifiers: a record is built around them.
# Tier C (other personal information).

# Hong Kong identity card: A123456(3), with its mod-11 check character.
[signature]
id = 1006
name = Hong Kong identity card number
category = hk_id
tier = C
validator = hk_id
identifier = yes
pattern = [A-Z]{1,2}\d{6}(?:\([0-9A]\)|[0-9A])
keyword = 香港身份证
keyword = 香港身份證
keyword = 香港永久性居民
keyword = HKID

# Taiwan national ID and resident certificate: A123456789, mod-10 check.
[signature]
id = 1007
name = Taiwan national identification number
category = tw_id
tier = C
validator = tw_id
identifier = yes
pattern = [A-Z][1289]\d{8}
keyword = 身分證字號
keyword = 國民身分證
keyword = 居留證
keyword = 台湾身份证

# Passports have no public check digit: a value only after a keyword.
[signature]
id = 1010
name = PRC passport number
category = cn_passport
tier = C
validator = cn_passport
identifier = yes
require_keyword = yes
pattern = (?:E[0-9A-HJ-NP-Z]|G\d|[DSP][0-9E])\d{7,8}
keyword = 护照
keyword = 护照号
keyword = 护照号码
keyword = 因私护照
keyword = 護照
keyword = passport
keyword = passportNo
keyword = huzhao
keyword = hzhm

# 往来港澳通行证 (C...) and 港澳居民来往内地通行证 / 回乡证 (H/M...).
[signature]
id = 1008
name = Hong Kong/Macao travel permit number
category = hk_macau_permit
tier = C
validator = hk_macau_permit
identifier = yes
require_keyword = yes
pattern = C[0-9A-HJ-NP-Z]\d{7}
pattern = [HM]\d{8}(?:\d\d)?
keyword = 港澳通行证
keyword = 往来港澳
keyword = 通行证
keyword = 回乡证
keyword = 港澳居民来往内地通行证
keyword = hkMacauPermit
keyword = homeReturnPermit
keyword = gatxz

# 大陆居民往来台湾通行证: L + 8 digits.
[signature]
id = 1009
name = Mainland travel permit to Taiwan number
category = mainland_travel_permit
tier = C
validator = mainland_travel_permit
identifier = yes
require_keyword = yes
pattern = L\d{8}
keyword = 往来台湾通行证
keyword = 大陆居民往来台湾通行证
keyword = 赴台通行证
keyword = 台湾通行证
keyword = taiwanPermit
keyword = dltxz
