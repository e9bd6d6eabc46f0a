#pragma once
// Shared helpers of the libFuzzer targets (tests/fuzz/README.md). A target catches
// insolepose::Error (the clear error bad input is allowed to give); any other exception escapes and
// libFuzzer reports it as a crash, and a broken promise (an oracle) aborts with a message that
// names it.
#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <unistd.h>

namespace insolepose::fuzz {

/// Aborts (a crash for libFuzzer) when a promise does not hold.
[[noreturn]] inline void broken(const std::string& what)
{
    std::fprintf(stderr, "FUZZ ORACLE FAILED: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

inline void check(bool ok, const std::string& what)
{
    if (!ok)
        broken(what);
}

/// True when INSOLEPOSE_FUZZ_SKIP_KNOWN=1: a target then skips inputs that hit a bug already
/// reported (named by `id`, listed in tests/fuzz/README.md) so that a long run can look past it.
/// Unset (the default, and the short run in the test suite), every known bug still fails.
inline bool skipKnown(const char* id)
{
    static const bool skip = [] {
        const char* v = std::getenv("INSOLEPOSE_FUZZ_SKIP_KNOWN");
        return v && std::string(v) == "1";
    }();
    if (skip) {
        static int reported = 0;
        if (reported++ < 3)
            std::fprintf(stderr, "fuzz: skipping an input that hits known bug '%s'\n", id);
    }
    return skip;
}

/// Reads the input in pieces, front to back; reads past the end give zeros.
class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}
    std::size_t left() const { return m_size - m_pos; }
    std::uint8_t u8() { return m_pos < m_size ? m_data[m_pos++] : 0; }
    std::uint16_t u16() { return std::uint16_t(u8() | (unsigned(u8()) << 8)); }
    std::uint32_t u32() { return u16() | (std::uint32_t(u16()) << 16); }
    std::int32_t i32() { return std::int32_t(u32()); }
    /// The next `n` bytes (fewer at the end).
    std::span<const std::uint8_t> bytes(std::size_t n)
    {
        n = std::min(n, left());
        const std::span<const std::uint8_t> out(m_data + m_pos, n);
        m_pos += n;
        return out;
    }
    std::span<const std::uint8_t> rest() { return bytes(left()); }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

/// The input as a JSON object, or nothing when it is not one (the readers' callers reject those).
inline std::optional<QJsonObject> jsonObject(const std::uint8_t* data, std::size_t size)
{
    QJsonParseError err{};
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

/// `json` written as a file would hold it and read back.
inline QJsonObject throughText(const QJsonObject& json)
{
    const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Indented);
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &err);
    check(err.error == QJsonParseError::NoError && doc.isObject(),
          "JSON written by toJson() does not read back: " + text.toStdString());
    return doc.object();
}

/// A folder of this process's own under /dev/shm (or the temporary folder), made once, removed at exit.
inline const std::filesystem::path& scratchDir()
{
    static const std::filesystem::path dir = [] {
        // $INSOLEPOSE_FUZZ_SCRATCH (scripts/fuzz sets one under /dev/shm and removes it), else
        // /dev/shm (memory-backed: writers that fsync cost nothing), else the temporary folder.
        std::error_code ec;
        std::filesystem::path base = "/dev/shm";
        if (const char* env = std::getenv("INSOLEPOSE_FUZZ_SCRATCH"); env && *env)
            base = env;
        else if (!std::filesystem::is_directory(base, ec) || ::access(base.c_str(), W_OK) != 0)
            base = std::filesystem::temp_directory_path(ec);
        if (ec)
            base = "/tmp";
        const std::filesystem::path d = base / ("insolepose-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        std::atexit([] {
            std::error_code ignored;
            std::filesystem::remove_all(scratchDir(), ignored);
        });
        return d;
    }();
    return dir;
}

} // namespace insolepose::fuzz
