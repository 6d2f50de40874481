import FazhanCore

/// The API's answers to bad requests, in the language the request asks for (`Accept-Language`).
extension Catalogue {
    static var bodyNeeded: String { pick(zh: "请求须以 JSON 对象为正文", en: "the request needs a JSON object as its body") }

    static var bodyNotJSON: String { pick(zh: "正文不是有效的 JSON", en: "the body is not valid JSON") }

    static var bodyNotObject: String { pick(zh: "正文须为 JSON 对象", en: "the body must be a JSON object") }

    static func unknownFields(_ fields: [String], allowed: [String]) -> String {
        pick(zh: "没有字段 \(fields.joined(separator: "、"))；可用的字段：\(allowed.joined(separator: ", "))",
             en: "unknown field\(fields.count == 1 ? "" : "s") \(fields.joined(separator: ", ")); the fields are \(allowed.joined(separator: ", "))")
    }

    static func fieldRequired(_ name: String) -> String { pick(zh: "缺少 \(name)", en: "\(name) is required") }

    static func fieldNotString(_ name: String) -> String { pick(zh: "\(name) 须为字符串", en: "\(name) must be a string") }

    static func fieldEmpty(_ name: String) -> String { pick(zh: "\(name) 不能为空", en: "\(name) must not be empty") }

    static func fieldTooLong(_ name: String, _ limit: Int) -> String {
        pick(zh: "\(name) 超过 \(limit) 个字符", en: "\(name) is longer than \(limit) characters")
    }

    static func parameterTooLong(_ name: String, _ limit: Int) -> String {
        pick(zh: "查询参数 \(name) 超过 \(limit) 个字符", en: "the query parameter \(name) is longer than \(limit) characters")
    }

    static func fieldOutOfRange(_ name: String, _ range: ClosedRange<Int>, meaning: String, it: String) -> String {
        pick(zh: "\(name) 须为 \(range.lowerBound) 到 \(range.upperBound) 的整数（\(meaning)）；实际是 \(it)",
             en: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound) (\(meaning)); it is \(it)")
    }

    static func fieldNotWholeNumber(_ name: String) -> String { pick(zh: "\(name) 须为整数", en: "\(name) must be a whole number") }

    static func fieldNotBool(_ name: String, it: String?) -> String {
        pick(zh: "\(name) 须为 true 或 false" + (it.map { "；实际是“\($0)”" } ?? ""),
             en: "\(name) must be true or false" + (it.map { "; it is \"\($0)\"" } ?? ""))
    }

    static func fieldNotDate(_ name: String, it: String) -> String {
        pick(zh: "\(name) 须为日期 YYYY-MM-DD；实际是“\(it)”", en: "\(name) must be a date YYYY-MM-DD; it is \"\(it)\"")
    }

    static func fieldNotTime(_ name: String, it: String) -> String {
        pick(zh: "\(name) 须为带时区的时间，例如 2026-10-15T15:59:59.999Z 或 2026-10-15T23:59:59+08:00；实际是“\(it)”",
             en: "\(name) must be a time with its zone, e.g. 2026-10-15T15:59:59.999Z or 2026-10-15T23:59:59+08:00; it is \"\(it)\"")
    }

    static func fieldNotStrings(_ name: String) -> String {
        pick(zh: "\(name) 须为最多 50 个字符串的列表", en: "\(name) must be a list of at most 50 strings")
    }

    static func fieldNames(_ name: String) -> String {
        pick(zh: "\(name) 中的姓名须为 1 到 100 个字符", en: "\(name) must hold names of 1 to 100 characters")
    }

    static func fieldNumbers(_ name: String, limit: Int) -> String {
        pick(zh: "\(name) 须为 1 到 \(limit) 个人员编号的列表", en: "\(name) must be a list of 1 to \(limit) person numbers")
    }

    static func fieldNumberLength(_ name: String) -> String {
        pick(zh: "\(name) 中的人员编号须为 1 到 40 个字符", en: "\(name) must hold person numbers of 1 to 40 characters")
    }

    static func fieldNotObject(_ name: String) -> String { pick(zh: "\(name) 须为 JSON 对象", en: "\(name) must be a JSON object") }

    static func fieldOneOf(_ name: String, _ values: [String], it: String) -> String {
        pick(zh: "\(name) 只能是 \(values.joined(separator: ", "))；实际是“\(it)”",
             en: "\(name) must be one of \(values.joined(separator: ", ")); it is \"\(it)\"")
    }

    static func unknownParameter(_ name: String, allowed: [String]) -> String {
        pick(zh: "没有查询参数 \(name)；此路径可用：\(allowed.joined(separator: ", "))",
             en: "unknown query parameter \(name); this route takes \(allowed.joined(separator: ", "))")
    }

    static var ifMatchNeeded: String {
        pick(zh: "写入须带 If-Match：该人员的版本，即其记录的 ETag（例如 If-Match: \"12\"），或 * 表示按现有记录审查",
             en: "a write needs If-Match with the person's version, the ETag of their history (e.g. If-Match: \"12\"), or * to judge on what is recorded now")
    }

    static func ifMatchInvalid(_ header: String) -> String {
        pick(zh: "If-Match 须为 ETag 给出的该人员版本（例如 \"12\"）；实际是 \(header)",
             en: "If-Match must be the person's version as their ETag gave it (e.g. \"12\"); it is \(header)")
    }

    static var signInFirst: String { pick(zh: "请先登录：POST /v1/sessions，或 `fazhan login`", en: "sign in first: POST /v1/sessions, or `fazhan login`") }

    static var bearerNeeded: String {
        pick(zh: "此请求须带 `Authorization: Bearer TOKEN`；请用 POST /v1/sessions 或 `fazhan login` 登录",
             en: "this request needs `Authorization: Bearer TOKEN`; sign in with POST /v1/sessions or `fazhan login`")
    }

    static var bearerForm: String { pick(zh: "Authorization 头须为 `Bearer TOKEN`", en: "the Authorization header must be `Bearer TOKEN`") }

    static var tokenInvalid: String {
        pick(zh: "令牌无效（已退出、已过期或从未发放）：请重新登录", en: "the token is not valid (signed out, expired or never issued): sign in again")
    }

    static var wrongCredentials: String { pick(zh: "用户名或密码错误", en: "wrong user name or password") }

    static func tooManySignIns(_ name: String, wait: Int) -> String {
        pick(zh: "\(name) 登录失败次数过多：请 \(wait) 秒后再试", en: "too many failed sign-ins for \(name): try again in \(wait) seconds")
    }

    static var notSignedIn: String { pick(zh: "未登录", en: "not signed in") }
}
