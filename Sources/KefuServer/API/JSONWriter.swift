import Foundation
import NIOCore
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// Writes JSON straight into a response buffer, for the few answers written on every keystroke pause where
/// `JSONEncoder` (a value tree, then text) was a tenth of the request's cost. Everything else uses `Codable`.
struct JSONWriter {
    private(set) var buffer: ByteBuffer

    init(capacity: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Punctuation and keys, written as they are: `{"verdict":`.
    mutating func raw(_ text: StaticString) {
        buffer.writeStaticString(text)
    }

    mutating func string(_ text: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var clean = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[clean..<index]))
                writeEscaped(byte)
                clean = index + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[clean...]))
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    mutating func int(_ value: Int) {
        buffer.writeString(String(value))
    }

    mutating func bool(_ value: Bool) {
        if value { buffer.writeStaticString("true") } else { buffer.writeStaticString("false") }
    }

    /// As `UUID` encodes itself: upper-case hex with dashes (without `uuidString`'s formatted printing).
    mutating func uuid(_ id: UUID) {
        let hex = Self.upperHex
        buffer.writeInteger(UInt8(ascii: "\""))
        withUnsafeBytes(of: id.uuid) { bytes in
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { buffer.writeInteger(UInt8(ascii: "-")) }
                buffer.writeInteger(hex[Int(byte >> 4)])
                buffer.writeInteger(hex[Int(byte & 0xF)])
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    /// As `JSONEncoder`'s `.iso8601` writes a date (Vapor's default): `2026-11-26T07:35:51Z`, whole seconds in UTC.
    mutating func date(_ date: Date) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var text: [UInt8] = Array("\"0000-00-00T00:00:00Z\"".utf8)
        func put(_ value: Int32, at offset: Int, digits: Int) {
            var value = value
            for position in stride(from: offset + digits - 1, through: offset, by: -1) {
                text[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(parts.tm_year + 1900, at: 1, digits: 4)
        put(parts.tm_mon + 1, at: 6, digits: 2)
        put(parts.tm_mday, at: 9, digits: 2)
        put(parts.tm_hour, at: 12, digits: 2)
        put(parts.tm_min, at: 15, digits: 2)
        put(parts.tm_sec, at: 18, digits: 2)
        buffer.writeBytes(text)
    }

    /// `,"name":value` for a value that is there; nothing for nil, as `Codable` leaves an absent optional out.
    mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        member(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: Date?) {
        guard let value else { return }
        member(name)
        date(value)
    }

    mutating func field(_ name: StaticString, _ value: UUID?) {
        guard let value else { return }
        member(name)
        uuid(value)
    }

    /// `,"name":`, a member after the first.
    mutating func member(_ name: StaticString) {
        buffer.writeStaticString(",\"")
        buffer.writeStaticString(name)
        buffer.writeStaticString("\":")
    }

    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    private mutating func writeEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
        case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
        case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
        case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
        case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            buffer.writeStaticString("\\u00")
            buffer.writeInteger(hex[Int(byte >> 4)])
            buffer.writeInteger(hex[Int(byte & 0xF)])
        }
    }

    /// An answer with the written JSON.
    func response(status: HTTPResponseStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(buffer: buffer))
    }
}
