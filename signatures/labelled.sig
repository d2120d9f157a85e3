# Keyword-bound types: nothing in their shape tells them from ordinary text,
# so they are read only where a label announces them (姓名：张三,
# "address":"...", 姓名=%E5%BC%A0...) or in a table column under such a
# header. Labels are written once here in UTF-8; the sensor also compiles
# their GBK, %-encoded (UTF-8 and GBK) and \u-escaped forms, and the value is
# read in the form of its label. Their findings are of low confidence.

# Surname (top ~250 and the compound ones) + 1-2 characters.
# Tier C (other personal information).
[signature]
id = 1020
name = Chinese personal name
category = person_name
tier = C
validator = person_name
label = 姓名
label = 名字
label = 真实姓名
label = 客户姓名
label = 客户名称
label = 联系人
label = 收件人
label = 寄件人
label = 收货人
label = 户主
label = 业主
label = 患者
label = 病人
label = 投保人
label = 被保险人
label = 持卡人
label = 开户名
label = 机主
label = name
label = realName
label = real_name
label = custName
label = xingming

# Three levels of the 省/市/区/路/号/栋/单元/室 hierarchy, or a house number
# with building, unit or room (a property firm's 3栋2单元1502).
# Tier C.
[signature]
id = 1021
name = Chinese address
category = address
tier = C
validator = address
label = 地址
label = 住址
label = 家庭住址
label = 现住址
label = 户籍地址
label = 收货地址
label = 通讯地址
label = 联系地址
label = 居住地
label = address
label = addr
label = dizhi
label = zhuzhi

# QQ number: 5-11 digits. Tier C.
[signature]
id = 1022
name = QQ number
category = qq
tier = C
validator = qq
label = QQ
label = QQ号
label = QQ号码
label = 扣扣
label = qq_no
label = qqNo

# WeChat ID: a letter, then 5-19 letters, digits, - or _. Tier C.
[signature]
id = 1023
name = WeChat ID
category = wechat_id
tier = C
validator = wechat_id
label = 微信
label = 微信号
label = 威信
label = wechat
label = weixin
label = wechatId

# Hospital 病案号/住院号/门诊号: health information, tier B (500 records).
[signature]
id = 1024
name = Medical record number
category = medical_record_no
tier = B
validator = medical_record_no
label = 病案号
label = 住院号
label = 门诊号
label = 病历号
label = 就诊卡号
label = medicalRecordNo

# Insurance policy numbers: an insurer's customer list. Tier B (financial
# transactions, 500 records).
[signature]
id = 1025
name = Insurance policy number
category = insurance_policy_no
tier = B
validator = insurance_policy_no
label = 保单号
label = 保单号码
label = 保险单号
label = policyNo
label = policy_no

# Courier waybills (SF/YT/JT/JD shapes, 12-15 digits, UPU S10). Courts
# differ on tier B or C for waybill records (法释〔2017〕10号 Art. 5 is read both ways); C here, the
# conservative reading: change the line below for tier B.
[signature]
id = 1026
name = Courier waybill number
category = courier_waybill
tier = C
validator = courier_waybill
label = 运单号
label = 快递单号
label = 物流单号
label = 面单号
label = waybill
label = waybillNo
label = mailno
label = yundanhao
