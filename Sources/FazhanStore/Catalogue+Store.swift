import FazhanCore

/// What the storage layer says when a database cannot be used, in Chinese and English.
extension Catalogue {
    static func noDatabase(_ path: String) -> String {
        pick(zh: "\(path) 处没有数据库；请用 `fazhan init --db \(path)` 创建", en: "no database at \(path); create one with `fazhan init --db \(path)`")
    }

    static func databaseExists(_ path: String) -> String {
        pick(zh: "\(path) 处已有数据库", en: "a database already exists at \(path)")
    }

    static func notADatabase(_ path: String, _ reason: String) -> String {
        pick(zh: "\(path.isEmpty ? "该文件" : path) 不是 Fazhan 数据库：\(reason)；未作任何更改",
             en: "\(path.isEmpty ? "the file" : path) is not a Fazhan database: \(reason); nothing was changed")
    }

    static func databaseReadOnly(_ path: String) -> String {
        pick(zh: "数据库\(path.isEmpty ? "" : " " + path)只读：请检查文件及其所在文件夹的权限；未写入任何内容",
             en: "the database \(path.isEmpty ? "" : path + " ")is read-only: check the permissions of the file and its folder; nothing was written")
    }

    static func cannotOpen(_ path: String, _ reason: String) -> String {
        pick(zh: "无法打开数据库\(path.isEmpty ? "" : " " + path)：\(reason)", en: "cannot open the database\(path.isEmpty ? "" : " " + path): \(reason)")
    }

    static var diskFull: String {
        pick(zh: "磁盘已满：未写入任何内容；请腾出空间后重试", en: "the disk is full: nothing was written; free some space and try again")
    }

    static var databaseBusy: String {
        pick(zh: "数据库一直忙：另一个程序占用写锁超过了等待时间（30 秒，或 FAZHAN_BUSY_TIMEOUT 秒）；未作任何记录，请重试",
             en: "the database stayed busy: another program held its write lock longer than a write waits "
                 + "(30 s, or FAZHAN_BUSY_TIMEOUT seconds); nothing was recorded, try again")
    }

    static func databaseDamaged(_ message: String) -> String {
        pick(zh: "数据库已损坏：\(message)；请从备份恢复", en: "the database is damaged: \(message); restore it from a backup")
    }
}
