# Email addresses. The validator reads the whole address back from where the
# match ends and checks the local part, the domain labels and the TLD.
# Tier C (other personal information).
[signature]
id = 1004
name = Email address
category = email
tier = C
validator = email
pattern = [A-Za-z0-9._%+-]@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}
keyword = 邮箱
keyword = 电子邮件
keyword = 邮件地址
keyword = email
keyword = e-mail
keyword = youxiang
