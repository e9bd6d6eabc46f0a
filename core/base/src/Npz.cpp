#include "insolepose/Npz.h"

#include "insolepose/Error.h"

#include <QSaveFile>

#include <zlib.h>

namespace insolepose {
namespace {

void put16(std::string& s, unsigned v)
{
    s += char(v & 0xff);
    s += char((v >> 8) & 0xff);
}
void put32(std::string& s, unsigned long v)
{
    put16(s, unsigned(v & 0xffff));
    put16(s, unsigned((v >> 16) & 0xffff));
}

} // namespace

NpzEntry textEntry(const std::string& name, const std::string& text)
{
    NpzEntry e{name, DType::U32, {}, {}, "<U" + std::to_string(text.size()), 4 * text.size()};
    for (unsigned char c : text) // ASCII (what conventions and names are); one UCS-4 unit each
        for (int b = 0; b < 4; ++b)
            e.data.push_back(std::byte(b == 0 ? c : 0));
    return e;
}

void writeNpz(const std::filesystem::path& path, const std::vector<NpzEntry>& entries)
{
    QSaveFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::WriteOnly))
        throw IoError(path.string() + ": cannot write: " + file.errorString().toStdString());
    // A plain ZIP stores the entry count and each name's length in 16 bits.
    if (entries.size() > 0xffff)
        throw IoError(path.string() + ": " + std::to_string(entries.size()) +
                      " arrays are too many for a plain ZIP (at most 65535)");
    for (const NpzEntry& e : entries) {
        if (e.name.size() + 4 > 0xffff)
            throw IoError(path.string() + ": an array name of " + std::to_string(e.name.size()) +
                          " bytes is too long for a ZIP entry (at most 65531)");
        // The data must be exactly what the shape says, or readers would misread the array.
        // A row's size must fit in 64 bits too (readers need it even when there are no rows).
        std::size_t row = e.descr.empty() ? dtypeSize(e.dtype) : e.itemBytes, bytes = e.shape.empty() ? row : 0;
        bool overflows = false;
        for (std::size_t i = 1; i < e.shape.size(); ++i)
            overflows |= __builtin_mul_overflow(row, e.shape[i], &row);
        if (!e.shape.empty())
            overflows |= __builtin_mul_overflow(row, e.shape[0], &bytes);
        if (overflows || bytes != e.data.size())
            throw FormatError(path.string() + ": array '" + e.name + "' holds " + std::to_string(e.data.size()) +
                              " bytes, its dtype and shape need " +
                              (overflows ? std::string("more than 2^64") : std::to_string(bytes)));
    }
    std::string central;
    unsigned long offset = 0;
    for (const NpzEntry& e : entries) {
        std::string body = e.descr.empty() ? makeNpyHeader(e.dtype, e.shape) : makeNpyHeader(e.descr, e.shape);
        body.append(reinterpret_cast<const char*>(e.data.data()), e.data.size());
        if (body.size() >= 0xffffffffUL || offset >= 0xffffffffUL)
            throw IoError(path.string() + ": array '" + e.name + "' is too large for a plain ZIP");
        const unsigned long crc = crc32(0L, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()));
        const std::string name = e.name + ".npy";
        std::string local;
        put32(local, 0x04034b50);
        put16(local, 20); // version needed
        put16(local, 0); // flags
        put16(local, 0); // stored
        put16(local, 0); // time
        put16(local, 0x21); // date: 1980-01-01
        put32(local, crc);
        put32(local, body.size());
        put32(local, body.size());
        put16(local, unsigned(name.size()));
        put16(local, 0);
        local += name;
        put32(central, 0x02014b50);
        put16(central, 20);
        put16(central, 20);
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put16(central, 0x21);
        put32(central, crc);
        put32(central, body.size());
        put32(central, body.size());
        put16(central, unsigned(name.size()));
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put16(central, 0);
        put32(central, 0);
        put32(central, offset);
        central += name;
        file.write(local.data(), qint64(local.size()));
        file.write(body.data(), qint64(body.size()));
        offset += local.size() + body.size();
    }
    std::string end;
    put32(end, 0x06054b50);
    put16(end, 0);
    put16(end, 0);
    put16(end, unsigned(entries.size()));
    put16(end, unsigned(entries.size()));
    put32(end, central.size());
    put32(end, offset);
    put16(end, 0);
    file.write(central.data(), qint64(central.size()));
    file.write(end.data(), qint64(end.size()));
    if (!file.commit())
        throw IoError(path.string() + ": cannot write: " + file.errorString().toStdString());
}

} // namespace insolepose
