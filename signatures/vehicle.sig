# Car-owner data (sold by insurer and dealer insiders).
# Tier C (other personal information).

# Licence plates: province character, office letter, 5 characters (6 for
# new-energy plates). Written in UTF-8 here; the sensor also compiles the
# %-encoded and \u-escaped forms. Not GBK: there a province character is
# two bytes, too short a literal for Hyperscan to skip ahead on, and the
# pattern cost a tenth of the full set's throughput (signature benchmark).
[signature]
id = 1016
name = PRC vehicle licence plate
category = vehicle_plate
tier = C
validator = vehicle_plate
encodings = utf8 percent_utf8 percent_gbk json
pattern = (?:京|津|沪|渝|冀|豫|云|辽|黑|湘|皖|鲁|新|苏|浙|赣|鄂|桂|甘|晋|蒙|陕|吉|闽|贵|粤|青|藏|川|宁|琼)[A-HJ-NP-Z](?:·| )?[A-HJ-NP-Z0-9]{5,6}
keyword = 车牌
keyword = 车牌号
keyword = 号牌
keyword = 车主
keyword = 行驶证
keyword = plateNo
keyword = chepai

# GBK plates: read after a plate label (车牌号：京A12345) or in a column under one.
[signature]
id = 1027
name = PRC vehicle licence plate (GBK, after a label)
category = vehicle_plate
tier = C
validator = vehicle_plate
encodings = gbk
label = 车牌
label = 车牌号
label = 车牌号码
label = 号牌
label = 车主

# Vehicle identification number, with its check character at position 9.
[signature]
id = 1017
name = Vehicle identification number (VIN)
category = vin
tier = C
validator = vin
# Position 9 is the check character (0-9 or X), position 10 the model year (not U, Z or 0).
pattern = (?:^|[^0-9A-Za-z])[A-HJ-NPR-Z0-9]{8}[0-9X][A-HJ-NPR-TV-Y1-9][A-HJ-NPR-Z0-9]{7}
keyword = 车架号
keyword = 车辆识别代号
keyword = 发动机号
keyword = VIN
