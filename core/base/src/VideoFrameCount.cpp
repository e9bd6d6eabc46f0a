#include "insolepose/VideoFrameCount.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace insolepose {
namespace {

/// Reads bytes at any offset of a read-only file (no mapping: video files can be large).
class File {
public:
    explicit File(const std::filesystem::path& path) : m_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC))
    {
        struct stat st {};
        if (m_fd >= 0 && ::fstat(m_fd, &st) == 0)
            m_size = std::uint64_t(st.st_size);
    }
    ~File()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    bool ok() const { return m_fd >= 0; }
    std::uint64_t size() const { return m_size; }
    /// Reads up to n bytes at `offset`; returns how many were read.
    std::size_t read(std::uint64_t offset, void* out, std::size_t n) const
    {
        if (offset >= m_size)
            return 0;
        n = std::size_t(std::min<std::uint64_t>(n, m_size - offset));
        std::size_t done = 0;
        while (done < n) {
            const ssize_t r = ::pread(m_fd, static_cast<char*>(out) + done, n - done, off_t(offset + done));
            if (r <= 0)
                break;
            done += std::size_t(r);
        }
        return done;
    }

private:
    int m_fd = -1;
    std::uint64_t m_size = 0;
};

std::uint32_t be32(const std::uint8_t* p)
{
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}
std::uint64_t be64(const std::uint8_t* p) { return std::uint64_t(be32(p)) << 32 | be32(p + 4); }
std::uint32_t le32(const std::uint8_t* p)
{
    return std::uint32_t(p[3]) << 24 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[1]) << 8 | p[0];
}

// --- Matroska ----------------------------------------------------------------------------------
constexpr std::uint64_t kUnknownSize = ~std::uint64_t(0);
constexpr std::uint32_t kSegment = 0x18538067, kCluster = 0x1F43B675, kTracks = 0x1654AE6B, kTrackEntry = 0xAE,
                        kTrackNumber = 0xD7, kTrackType = 0x83, kSimpleBlock = 0xA3, kBlockGroup = 0xA0, kBlock = 0xA1;

bool isTopLevel(std::uint32_t id)
{
    switch (id) {
    case 0x114D9B74: // SeekHead
    case 0x1549A966: // Info
    case kTracks:
    case 0x1C53BB6B: // Cues
    case kCluster:
    case 0x1043A770: // Chapters
    case 0x1254C367: // Tags
    case 0x1941A469: // Attachments
    case kSegment: return true;
    default: return false;
    }
}

struct Element {
    std::uint32_t id = 0;
    std::uint64_t size = 0; ///< kUnknownSize when the writer left it open.
    std::uint64_t dataStart = 0;
};

/// Reads an element header at `pos`; false when it is malformed or cut off.
bool readElement(const File& f, std::uint64_t pos, Element& e)
{
    std::uint8_t b[12] = {};
    const std::size_t n = f.read(pos, b, sizeof b);
    if (n < 2)
        return false;
    int idLen = 1;
    while (idLen <= 4 && !(b[0] & (0x80 >> (idLen - 1))))
        ++idLen;
    if (idLen > 4 || std::size_t(idLen) >= n)
        return false;
    e.id = 0;
    for (int i = 0; i < idLen; ++i)
        e.id = e.id << 8 | b[i];
    const std::uint8_t first = b[idLen];
    int sizeLen = 1;
    while (sizeLen <= 8 && !(first & (0x80 >> (sizeLen - 1))))
        ++sizeLen;
    if (sizeLen > 8 || std::size_t(idLen + sizeLen) > n)
        return false;
    std::uint64_t size = first & (0xFF >> sizeLen);
    bool allOnes = size == (0xFFu >> sizeLen);
    for (int i = 1; i < sizeLen; ++i) {
        size = size << 8 | b[idLen + i];
        allOnes = allOnes && b[idLen + i] == 0xFF;
    }
    e.size = allOnes ? kUnknownSize : size;
    e.dataStart = pos + std::uint64_t(idLen + sizeLen);
    return true;
}

std::uint64_t readUInt(const File& f, const Element& e)
{
    std::uint8_t b[8] = {};
    const std::size_t n = f.read(e.dataStart, b, std::size_t(std::min<std::uint64_t>(e.size, 8)));
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i)
        v = v << 8 | b[i];
    return v;
}

/// Track number of a (Simple)Block whose data starts at `pos`, and its frame count (lacing).
bool blockInfo(const File& f, std::uint64_t pos, std::uint64_t size, std::uint64_t& track, std::int64_t& frames)
{
    std::uint8_t b[12] = {};
    const std::size_t n = f.read(pos, b, std::size_t(std::min<std::uint64_t>(size, sizeof b)));
    if (n < 4)
        return false;
    int len = 1;
    while (len <= 8 && !(b[0] & (0x80 >> (len - 1))))
        ++len;
    if (len > 8 || std::size_t(len + 3) > n)
        return false;
    track = b[0] & (0xFF >> len);
    for (int i = 1; i < len; ++i)
        track = track << 8 | b[i];
    const std::uint8_t flags = b[len + 2];
    frames = 1;
    if (flags & 0x06) { // laced: the next byte is the frame count minus one
        if (std::size_t(len + 4) > n)
            return false;
        frames = std::int64_t(b[len + 3]) + 1;
    }
    return true;
}

std::optional<std::int64_t> countMatroska(const File& f)
{
    Element e;
    if (!readElement(f, 0, e) || e.id != 0x1A45DFA3 || e.size == kUnknownSize)
        return std::nullopt;
    std::uint64_t pos = e.dataStart + e.size;
    // Find the segment.
    while (true) {
        if (!readElement(f, pos, e))
            return std::nullopt;
        if (e.id == kSegment)
            break;
        if (e.size == kUnknownSize)
            return std::nullopt;
        pos = e.dataStart + e.size;
    }
    const std::uint64_t segEnd = e.size == kUnknownSize ? f.size() : std::min(f.size(), e.dataStart + e.size);
    std::uint64_t videoTrack = 0; // 0: not known yet (the Tracks element precedes the clusters)
    std::int64_t frames = 0;
    pos = e.dataStart;
    while (pos < segEnd && readElement(f, pos, e)) {
        const bool unknown = e.size == kUnknownSize;
        const std::uint64_t end = unknown ? segEnd : e.dataStart + e.size;
        if (e.id == kTracks) {
            if (end > f.size())
                return std::nullopt;
            for (std::uint64_t p = e.dataStart; p < end;) {
                Element entry;
                if (!readElement(f, p, entry) || entry.size == kUnknownSize)
                    break;
                if (entry.id == kTrackEntry) {
                    std::uint64_t number = 0, type = 0;
                    for (std::uint64_t q = entry.dataStart; q < entry.dataStart + entry.size;) {
                        Element field;
                        if (!readElement(f, q, field) || field.size == kUnknownSize)
                            break;
                        if (field.id == kTrackNumber)
                            number = readUInt(f, field);
                        else if (field.id == kTrackType)
                            type = readUInt(f, field);
                        q = field.dataStart + field.size;
                    }
                    if (type == 1 && videoTrack == 0)
                        videoTrack = number;
                }
                p = entry.dataStart + entry.size;
            }
            pos = end;
        } else if (e.id == kCluster) {
            if (videoTrack == 0)
                return std::nullopt;
            std::uint64_t p = e.dataStart;
            const std::uint64_t clusterEnd = std::min(end, segEnd);
            while (p < clusterEnd) {
                Element child;
                if (!readElement(f, p, child))
                    break;
                if (unknown && isTopLevel(child.id))
                    break; // an open-ended cluster ends where the next top-level element starts
                if (child.size == kUnknownSize || child.dataStart + child.size > f.size())
                    break; // cut off by a crash: the rest of the file is incomplete
                std::uint64_t track = 0;
                std::int64_t n = 0;
                if (child.id == kSimpleBlock) {
                    if (blockInfo(f, child.dataStart, child.size, track, n) && track == videoTrack)
                        frames += n;
                } else if (child.id == kBlockGroup) {
                    for (std::uint64_t q = child.dataStart; q < child.dataStart + child.size;) {
                        Element g;
                        if (!readElement(f, q, g) || g.size == kUnknownSize)
                            break;
                        if (g.id == kBlock && blockInfo(f, g.dataStart, g.size, track, n) && track == videoTrack)
                            frames += n;
                        q = g.dataStart + g.size;
                    }
                }
                p = child.dataStart + child.size;
            }
            if (unknown)
                pos = p;
            else if (end > f.size())
                break;
            else
                pos = end;
        } else {
            if (unknown)
                return frames;
            pos = end;
        }
    }
    return frames;
}

// --- MP4 / QuickTime ---------------------------------------------------------------------------
struct Box {
    std::array<char, 4> type{};
    std::uint64_t dataStart = 0;
    std::uint64_t end = 0;
};

bool readBox(const File& f, std::uint64_t pos, std::uint64_t limit, Box& box)
{
    std::uint8_t b[16] = {};
    if (f.read(pos, b, 8) < 8)
        return false;
    std::uint64_t size = be32(b);
    std::memcpy(box.type.data(), b + 4, 4);
    box.dataStart = pos + 8;
    if (size == 1) {
        if (f.read(pos + 8, b + 8, 8) < 8)
            return false;
        size = be64(b + 8);
        box.dataStart = pos + 16;
    } else if (size == 0) {
        size = limit - pos;
    }
    if (size < box.dataStart - pos)
        return false;
    box.end = pos + size;
    return box.end <= limit;
}

bool is(const Box& b, const char* type) { return std::memcmp(b.type.data(), type, 4) == 0; }

/// The first child box of `type` inside [start, end).
std::optional<Box> findChild(const File& f, std::uint64_t start, std::uint64_t end, const char* type)
{
    for (std::uint64_t p = start; p + 8 <= end;) {
        Box b;
        if (!readBox(f, p, end, b))
            return std::nullopt;
        if (is(b, type))
            return b;
        p = b.end;
    }
    return std::nullopt;
}

std::optional<std::int64_t> countMp4(const File& f)
{
    const auto moov = findChild(f, 0, f.size(), "moov");
    if (!moov)
        return std::nullopt;
    for (std::uint64_t p = moov->dataStart; p + 8 <= moov->end;) {
        Box trak;
        if (!readBox(f, p, moov->end, trak))
            return std::nullopt;
        p = trak.end;
        if (!is(trak, "trak"))
            continue;
        const auto mdia = findChild(f, trak.dataStart, trak.end, "mdia");
        if (!mdia)
            continue;
        const auto hdlr = findChild(f, mdia->dataStart, mdia->end, "hdlr");
        std::uint8_t h[12] = {};
        if (!hdlr || f.read(hdlr->dataStart, h, 12) < 12 || std::memcmp(h + 8, "vide", 4) != 0)
            continue;
        const auto minf = findChild(f, mdia->dataStart, mdia->end, "minf");
        const auto stbl = minf ? findChild(f, minf->dataStart, minf->end, "stbl") : std::nullopt;
        if (!stbl)
            return std::nullopt;
        auto sizes = findChild(f, stbl->dataStart, stbl->end, "stsz");
        if (!sizes)
            sizes = findChild(f, stbl->dataStart, stbl->end, "stz2");
        std::uint8_t s[12] = {};
        if (!sizes || f.read(sizes->dataStart, s, 12) < 12)
            return std::nullopt;
        return std::int64_t(be32(s + 8)); // version/flags, sample size (or field size), sample count
    }
    return std::nullopt;
}

// --- AVI ---------------------------------------------------------------------------------------
/// Counts the video chunks ("##dc" / "##db") that lie completely inside the file, in a RIFF or
/// LIST body [start, end).
std::int64_t countAviChunks(const File& f, std::uint64_t start, std::uint64_t end, int depth)
{
    std::int64_t frames = 0;
    for (std::uint64_t p = start; p + 8 <= end;) {
        std::uint8_t h[12] = {};
        if (f.read(p, h, 12) < 8)
            break;
        const std::uint64_t size = le32(h + 4);
        const std::uint64_t next = p + 8 + size + (size & 1);
        if (p + 8 + size > f.size())
            break; // cut off
        if ((std::memcmp(h, "LIST", 4) == 0 || std::memcmp(h, "RIFF", 4) == 0) && depth < 4)
            frames += countAviChunks(f, p + 12, std::min(p + 8 + size, end), depth + 1);
        else if (h[2] == 'd' && (h[3] == 'c' || h[3] == 'b') && size > 0)
            ++frames; // (the idx1 index repeats the chunks; they are counted where they are)
        p = next;
    }
    return frames;
}

std::optional<std::int64_t> countAvi(const File& f)
{
    std::uint8_t h[12] = {};
    if (f.read(0, h, 12) < 12 || std::memcmp(h, "RIFF", 4) != 0 || std::memcmp(h + 8, "AVI ", 4) != 0)
        return std::nullopt;
    // Top level: RIFF AVI followed by RIFF AVIX parts (OpenDML); every movi list holds frames.
    std::int64_t frames = 0;
    for (std::uint64_t p = 0; p + 12 <= f.size();) {
        if (f.read(p, h, 12) < 12 || std::memcmp(h, "RIFF", 4) != 0)
            break;
        const std::uint64_t size = le32(h + 4);
        const std::uint64_t end = std::min(f.size(), p + 8 + size);
        for (std::uint64_t q = p + 12; q + 12 <= end;) {
            std::uint8_t l[12] = {};
            if (f.read(q, l, 12) < 12)
                break;
            const std::uint64_t lsize = le32(l + 4);
            if (std::memcmp(l, "LIST", 4) == 0 && std::memcmp(l + 8, "movi", 4) == 0)
                frames += countAviChunks(f, q + 12, std::min(end, q + 8 + lsize), 1);
            q += 8 + lsize + (lsize & 1);
        }
        p += 8 + size + (size & 1);
    }
    return frames;
}

} // namespace

std::optional<std::int64_t> countVideoFrames(const std::filesystem::path& file)
{
    const File f(file);
    if (!f.ok() || f.size() < 12)
        return std::nullopt;
    std::uint8_t head[12] = {};
    f.read(0, head, sizeof head);
    if (be32(head) == 0x1A45DFA3)
        return countMatroska(f);
    if (std::memcmp(head, "RIFF", 4) == 0)
        return countAvi(f);
    if (std::memcmp(head + 4, "ftyp", 4) == 0 || std::memcmp(head + 4, "moov", 4) == 0 ||
        std::memcmp(head + 4, "mdat", 4) == 0 || std::memcmp(head + 4, "free", 4) == 0 ||
        std::memcmp(head + 4, "wide", 4) == 0)
        return countMp4(f);
    return std::nullopt;
}

} // namespace insolepose
