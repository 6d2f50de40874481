import FazhanCore

/// What `fazhan-server`'s administration commands say, in Chinese and English.
extension Catalogue {
    static var noPasswordGivenOnStdin: String {
        pick(zh: "标准输入中没有密码（--password-stdin 读取第一行）；未作任何更改",
             en: "no password on standard input (--password-stdin reads its first line); nothing was changed")
    }

    static func passwordTooShort(_ count: Int) -> String {
        pick(zh: "标准输入中的密码只有 \(count) 个字符，少于 8 个；未作任何更改",
             en: "the password on standard input has \(count) characters, fewer than 8; nothing was changed")
    }

    static func noSuchOrganization(_ code: String) -> String {
        pick(zh: "没有组织 \(code)；未作任何更改", en: "there is no organization \(code); nothing was changed")
    }

    static func userExists(_ name: String) -> String {
        pick(zh: "已有名为 \(name) 的用户；未作任何更改", en: "a user named \(name) already exists; nothing was changed")
    }

    static func addedWithoutRole(_ name: String, error: String, org: String, role: String) -> String {
        pick(zh: "已添加用户 \(name)，但未能授予角色（\(error)）：请用 `fazhan-server user grant \(name) --org \(org) --role \(role) --database ...` 授予",
             en: "the user \(name) was added, but the role was not granted (\(error)): "
                 + "grant it with `fazhan-server user grant \(name) --org \(org) --role \(role) --database ...`")
    }

    static func userAdded(_ name: String, role: String, org: String, orgName: String, grant: Int64) -> String {
        pick(zh: "已添加用户 \(name)：\(org) \(orgName) 的 \(role)（授权 #\(grant)）",
             en: "added user \(name): \(role) at \(org) \(orgName) (grant #\(grant))")
    }

    static func passwordShownOnce(_ name: String, _ password: String) -> String {
        pick(zh: "\(name) 的密码（只显示这一次）：\(password)", en: "password for \(name) (shown once): \(password)")
    }

    static func granted(_ name: String, role: String, org: String, orgName: String, grant: Int64) -> String {
        pick(zh: "已授予 \(name) 在 \(org) \(orgName) 的 \(role) 角色（授权 #\(grant)）",
             en: "granted \(name) the role \(role) at \(org) \(orgName) (grant #\(grant))")
    }

    static func grantOfAnother(_ grant: Int64, holder: String, name: String) -> String {
        pick(zh: "授权 #\(grant) 属于 \(holder)，不是 \(name)；未作任何更改", en: "grant #\(grant) is \(holder)'s, not \(name)'s; nothing was changed")
    }

    static func noGrantInForce(_ name: String, role: String, org: String) -> String {
        pick(zh: "\(name) 在 \(org) 没有有效的 \(role) 角色授权；未作任何更改",
             en: "\(name) has no grant of the role \(role) at \(org) in force; nothing was changed")
    }

    static func revoked(_ id: Int64, user: String, role: String, org: String, orgName: String) -> String {
        pick(zh: "已撤销授权 #\(id)：\(user) 不再具有 \(org) \(orgName) 的 \(role) 角色",
             en: "revoked grant #\(id): \(user) no longer has the role \(role) at \(org) \(orgName)")
    }

    static var userListColumns: [String] {
        pick(zh: "用户|授权|角色|组织|授权人|授权时间|撤销人|撤销时间",
             en: "user|grant|role|organization|granted by|granted at|revoked by|revoked at").split(separator: "|").map(String.init)
    }

    static var noGrants: String { pick(zh: "（无）", en: "(none)") }

    static func noSuchUser(_ name: String) -> String { pick(zh: "没有用户 \(name)；未作任何更改", en: "there is no user \(name); nothing was changed") }

    static func passwordSet(_ name: String) -> String {
        pick(zh: "已为 \(name) 设置新密码；其会话均已结束", en: "set a new password for \(name); their sessions were ended")
    }
}
