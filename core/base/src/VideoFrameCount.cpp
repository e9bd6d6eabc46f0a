#include "insolepose/VideoFrameCount.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
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

// --- MP4 edit lists (docs/IMPORT.md, "Attaching a video") -------------------------------------
// The one implementation of the edit-list mapping: the frame count here, VideoReader and
// attach-video (interchange) all use it, so that a session's timestamps, its frame count and the
// frames decoded agree. The moov box is read into memory and parsed there.
namespace edits {

std::uint64_t be(const char* p, int bytes)
{
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v = (v << 8) | std::uint8_t(p[i]);
    return v;
}

/// An ISO base media box inside a buffer: [begin, end) of its payload.
struct Box {
    std::string type;
    const char* begin = nullptr;
    const char* end = nullptr;
};

std::vector<Box> children(const char* begin, const char* end)
{
    std::vector<Box> out;
    while (end - begin >= 8) {
        std::uint64_t size = be(begin, 4), header = 8;
        if (size == 1 && end - begin >= 16) {
            size = be(begin + 8, 8);
            header = 16;
        } else if (size == 0) {
            size = std::uint64_t(end - begin);
        }
        if (size < header || size > std::uint64_t(end - begin))
            break;
        out.push_back({std::string(begin + 4, 4), begin + header, begin + size});
        begin += size;
    }
    return out;
}

const Box* child(const std::vector<Box>& boxes, const char* type)
{
    const auto it = std::find_if(boxes.begin(), boxes.end(), [&](const Box& b) { return b.type == type; });
    return it == boxes.end() ? nullptr : &*it;
}

/// The moov box of the file, read into memory (what there is of it when the file is cut short).
std::optional<std::string> readMoov(const File& f)
{
    std::uint64_t pos = 0;
    while (pos + 8 <= f.size()) {
        std::uint8_t h[16] = {};
        const std::size_t got = f.read(pos, h, sizeof h);
        if (got < 8)
            return std::nullopt;
        std::uint64_t size = be32(h), header = 8;
        if (size == 1 && got >= 16) {
            size = be64(h + 8);
            header = 16;
        } else if (size == 0) {
            size = f.size() - pos;
        }
        if (size < header)
            return std::nullopt;
        if (std::memcmp(h + 4, "moov", 4) == 0) {
            if (size - header > (std::uint64_t(1) << 29))
                return std::nullopt; // over 512 MiB of tables: a broken size, not a movie header
            const auto n = std::size_t(std::min<std::uint64_t>(size - header, f.size() - pos - header));
            std::string body(n, '\0');
            body.resize(f.read(pos + header, body.data(), n));
            return body;
        }
        if (size > f.size() - pos)
            return std::nullopt;
        pos += size;
    }
    return std::nullopt;
}

/// The samples of a track in decode order: decode times (stts), composition offsets (ctts) and
/// whether each is a sync sample (stss; all are without one).
struct Samples {
    std::vector<std::int64_t> dts, offset;
    std::vector<bool> sync;
    bool reordered = false; ///< The track has composition offsets (a ctts box).
};

/// `limit`: the samples the track can hold (its stsz count, at most one per byte of the file), so
/// that a damaged or hostile stts cannot ask for billions of them. Nothing when the decode times
/// overflow.
std::optional<Samples> readSamples(const Box& stts, const Box* ctts, const Box* stss, std::uint64_t limit)
{
    Samples s;
    std::int64_t dts = 0;
    const std::uint64_t entries = be(stts.begin + 4, 4);
    for (std::uint64_t e = 0; e < entries && stts.begin + 8 + 8 * (e + 1) <= stts.end && s.dts.size() < limit; ++e) {
        const char* p = stts.begin + 8 + 8 * e;
        const auto delta = std::int64_t(be(p + 4, 4));
        for (std::uint64_t i = 0, n = be(p, 4); i < n && s.dts.size() < limit; ++i) {
            s.dts.push_back(dts);
            if (__builtin_add_overflow(dts, delta, &dts))
                return std::nullopt;
        }
    }
    s.offset.assign(s.dts.size(), 0);
    if (ctts && ctts->end - ctts->begin >= 8) {
        s.reordered = true;
        std::size_t sample = 0;
        const std::uint64_t n = be(ctts->begin + 4, 4);
        for (std::uint64_t e = 0; e < n && ctts->begin + 8 + 8 * (e + 1) <= ctts->end; ++e) {
            const char* p = ctts->begin + 8 + 8 * e;
            const auto offset = std::int64_t(std::int32_t(std::uint32_t(be(p + 4, 4))));
            for (std::uint64_t i = 0, c = be(p, 4); i < c && sample < s.dts.size(); ++i)
                s.offset[sample++] = offset;
        }
    }
    s.sync.assign(s.dts.size(), !stss || stss->end - stss->begin < 8);
    if (stss && stss->end - stss->begin >= 8) {
        const std::uint64_t n = be(stss->begin + 4, 4);
        for (std::uint64_t e = 0; e < n && stss->begin + 8 + 4 * (e + 1) <= stss->end; ++e)
            if (const std::uint64_t number = be(stss->begin + 8 + 4 * e, 4); number >= 1 && number <= s.sync.size())
                s.sync[number - 1] = true;
    }
    return s;
}

/// Every sample in presentation order, in seconds from the first (a track without an edit list).
std::vector<double> allSamples(const Samples& s, double timescale)
{
    std::vector<std::int64_t> cts;
    for (std::size_t i = 0; i < s.dts.size(); ++i)
        cts.push_back(s.dts[i] + s.offset[i]);
    std::sort(cts.begin(), cts.end());
    std::vector<double> out;
    for (std::int64_t v : cts)
        out.push_back(double(v - cts.front()) / timescale);
    return out;
}

/// One entry of an edit list (ISO/IEC 14496-12 8.6.6): `duration` on the movie timescale,
/// `mediaTime` on the media timescale (-1: an empty edit), `rate` 16.16 fixed point.
struct Edit {
    std::uint64_t duration = 0;
    std::int64_t mediaTime = 0;
    std::int32_t rate = 0x10000;
};

/// The entries of an elst box (version 0 or 1); nothing when the box is malformed.
std::optional<std::vector<Edit>> editList(const Box& elst)
{
    if (elst.end - elst.begin < 8 || (elst.begin[0] != 0 && elst.begin[0] != 1))
        return std::nullopt;
    const bool v1 = elst.begin[0] == 1;
    const std::uint64_t n = be(elst.begin + 4, 4), entrySize = v1 ? 20 : 12;
    if (n > std::uint64_t(elst.end - elst.begin - 8) / entrySize)
        return std::nullopt;
    std::vector<Edit> edits;
    for (const char* p = elst.begin + 8; edits.size() < n; p += entrySize) {
        Edit e;
        e.duration = be(p, v1 ? 8 : 4);
        e.mediaTime = v1 ? std::int64_t(be(p + 8, 8)) : std::int64_t(std::int32_t(std::uint32_t(be(p + 4, 4))));
        e.rate = std::int32_t(std::uint32_t(be(p + (v1 ? 16 : 8), 4)));
        edits.push_back(e);
    }
    return edits;
}

/// Where FFmpeg starts reading for an edit that begins at `mediaTime` (shifted by `shift`): the last
/// sync sample decoded at or before it (with composition offsets: whose composition time is not
/// after it either), so that the frames the edit needs can be decoded.
std::size_t editStartSample(const Samples& s, std::int64_t mediaTime, std::int64_t shift)
{
    const std::int64_t target = mediaTime - shift;
    std::ptrdiff_t i = std::ptrdiff_t(std::upper_bound(s.dts.begin(), s.dts.end(), target) - s.dts.begin()) - 1;
    while (i >= 0 && !s.sync[std::size_t(i)])
        --i;
    while (s.reordered && i >= 0 &&
           !(s.sync[std::size_t(i)] && s.dts[std::size_t(i)] + s.offset[std::size_t(i)] <= target))
        --i;
    if (i < 0 && !s.reordered) // no such sync sample: the last sample decoded at or before it
        i = std::ptrdiff_t(std::upper_bound(s.dts.begin(), s.dts.end(), target) - s.dts.begin()) - 1;
    return std::size_t(std::max<std::ptrdiff_t>(i, 0)); // else the first
}

/// Applies an edit list as FFmpeg's MP4 demuxer does (libavformat 59, which OpenCV decodes with;
/// docs/IMPORT.md), so that the times list exactly the frames a decoder returns, in that order.
/// Empty edits before the first media edit delay the track. A media edit presents the samples whose
/// composition time lies in [media_time, media_time + duration) (duration rescaled to the media
/// timescale and rounded), read from the sync sample before media_time to the second sync sample after
/// its end; the first of them decoded is placed at the edit's start on the presentation timeline,
/// the others by their decode-time difference to it plus their composition offsets; finally all
/// times move back so that the earliest frame starts where the first media edit starts. Edits follow
/// one another. Nothing (and `note` says why) for lists FFmpeg does not play as written: an empty
/// edit after a media edit, or a media time below -1. Media rates other than 1 are played at rate 1,
/// as FFmpeg does, and `note` says so.
std::optional<std::vector<double>> applyEdits(const std::vector<Edit>& edits, const Samples& s, double movieScale,
                                              double mediaScale, std::string& note)
{
    // Negative composition offsets shift decode times so that none is after its composition time.
    std::int64_t shift = 0;
    for (std::int64_t o : s.offset)
        shift = std::max(shift, -o);
    std::vector<std::int64_t> pts; // media ticks, in output order
    std::int64_t editEnd = -shift, empty = 0;
    std::int64_t earliest = -1; // FFmpeg's running minimum (a negative one is replaced by the next value)
    bool media = false;
    std::vector<std::string> rates;
    for (const Edit& e : edits) {
        const auto length = std::int64_t(std::min(std::round(double(e.duration) * mediaScale / movieScale), 0x1p60));
        const std::int64_t editStart = editEnd;
        editEnd += length;
        if (e.mediaTime == -1) {
            if (media) {
                note = "edit list ignored: an empty edit after a media edit (FFmpeg does not play those as written)";
                return std::nullopt;
            }
            empty += length;
            continue;
        }
        if (e.mediaTime < 0 || e.mediaTime > (std::int64_t(1) << 60)) {
            note = "edit list ignored: media time " + std::to_string(e.mediaTime) + " is not valid";
            return std::nullopt;
        }
        if (e.rate != 0x10000) {
            char rate[32];
            std::snprintf(rate, sizeof rate, "%g", double(e.rate) / 65536.0);
            rates.push_back(rate);
        }
        media = true;
        std::vector<std::int64_t> edit;
        std::int64_t counter = editStart;
        bool started = false, syncAfterEnd = false;
        for (std::size_t i = editStartSample(s, e.mediaTime, shift); i < s.dts.size(); ++i) {
            const std::int64_t duration = i + 1 < s.dts.size() ? s.dts[i + 1] - s.dts[i] : length;
            const std::int64_t cts = s.dts[i] + shift + s.offset[i];
            if (cts >= e.mediaTime && cts < e.mediaTime + length) {
                edit.push_back(counter + s.offset[i] + shift);
                earliest = earliest < 0 ? edit.back() : std::min(earliest, edit.back());
                started = true;
            }
            if (started)
                counter += duration;
            if (cts + duration >= e.mediaTime + length && s.sync[i]) {
                if (s.reordered && !syncAfterEnd) { // B-frames after this sync sample may belong to the edit
                    syncAfterEnd = true;
                    continue;
                }
                break;
            }
        }
        std::sort(edit.begin(), edit.end());
        pts.insert(pts.end(), edit.begin(), edit.end());
    }
    if (!rates.empty()) {
        std::string list;
        for (const std::string& r : rates)
            list += (list.empty() ? "" : ", ") + r;
        note = "edit media rate " + list + " played at rate 1, as FFmpeg does";
    }
    std::vector<double> out;
    if (pts.empty())
        return out;
    const std::int64_t early = std::max<std::int64_t>(0, earliest - empty);
    for (std::int64_t t : pts)
        out.push_back(double(t - early) / mediaScale);
    return out;
}

std::optional<Mp4FrameTiming> mp4Timing(const File& f)
{
    const auto moov = readMoov(f);
    if (!moov)
        return std::nullopt;
    const auto top = children(moov->data(), moov->data() + moov->size());
    for (const Box& trak : top) {
        if (trak.type != "trak")
            continue;
        const auto tk = children(trak.begin, trak.end);
        const Box* mdia = child(tk, "mdia");
        if (!mdia)
            continue;
        const auto md = children(mdia->begin, mdia->end);
        const Box *hdlr = child(md, "hdlr"), *mdhd = child(md, "mdhd"), *minf = child(md, "minf");
        if (!hdlr || !mdhd || !minf || hdlr->end - hdlr->begin < 12 || std::string(hdlr->begin + 8, 4) != "vide")
            continue;
        const bool v1 = mdhd->begin[0] == 1;
        if (mdhd->end - mdhd->begin < (v1 ? 24 : 16))
            return std::nullopt;
        const double timescale = double(be(mdhd->begin + (v1 ? 20 : 12), 4));
        const auto mi = children(minf->begin, minf->end);
        const Box* stbl = child(mi, "stbl");
        if (!stbl || timescale <= 0)
            return std::nullopt;
        const auto st = children(stbl->begin, stbl->end);
        const Box* stts = child(st, "stts");
        if (!stts || stts->end - stts->begin < 8)
            return std::nullopt;
        const Box* sizes = child(st, "stsz") ? child(st, "stsz") : child(st, "stz2");
        if (!sizes || sizes->end - sizes->begin < 12)
            return std::nullopt;
        const std::uint64_t limit = std::min<std::uint64_t>(be(sizes->begin + 8, 4), f.size());
        const std::optional<Samples> read = readSamples(*stts, child(st, "ctts"), child(st, "stss"), limit);
        if (!read || read->dts.empty())
            return std::nullopt;
        const Samples& samples = *read;
        Mp4FrameTiming timing;
        timing.samples = samples.dts.size();
        const Box* edts = child(tk, "edts");
        const auto ed = edts ? children(edts->begin, edts->end) : std::vector<Box>{};
        const Box* elst = child(ed, "elst");
        const Box* mvhd = child(top, "mvhd");
        if (elst) {
            const auto edits = editList(*elst);
            const bool mv1 = mvhd && mvhd->begin[0] == 1;
            const double movieScale =
                mvhd && mvhd->end - mvhd->begin >= (mv1 ? 24 : 16) ? double(be(mvhd->begin + (mv1 ? 20 : 12), 4)) : 0;
            std::optional<std::vector<double>> edited;
            if (!edits)
                timing.note = "edit list ignored: its elst box is malformed";
            else if (!(movieScale > 0))
                timing.note = "edit list ignored: the movie header states no timescale";
            else if (!edits->empty())
                edited = applyEdits(*edits, samples, movieScale, timescale, timing.note);
            if (edited && edited->empty())
                timing.note += std::string(timing.note.empty() ? "" : "; ") + "its edit list presents no frame";
            else if (edited) {
                timing.times = std::move(*edited);
                timing.editsApplied = true;
                return timing;
            }
        }
        timing.times = allSamples(samples, timescale);
        return timing;
    }
    return std::nullopt;
}

} // namespace edits

std::optional<std::int64_t> countMp4(const File& f)
{
    // An edit list decides which samples are frames (FFmpeg decodes only those it presents).
    if (const auto timing = edits::mp4Timing(f); timing && timing->editsApplied)
        return std::int64_t(timing->times.size());
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

namespace {
enum class Container { Unknown, Matroska, Avi, Mp4 };

/// The container, from the first bytes (what FFmpeg's probes look at first).
Container containerOf(const File& f)
{
    std::uint8_t head[12] = {};
    if (!f.ok() || f.size() < 12 || f.read(0, head, sizeof head) < 12)
        return Container::Unknown;
    if (be32(head) == 0x1A45DFA3)
        return Container::Matroska;
    if (std::memcmp(head, "RIFF", 4) == 0)
        return Container::Avi;
    for (const char* box : {"ftyp", "moov", "mdat", "free", "wide"})
        if (std::memcmp(head + 4, box, 4) == 0)
            return Container::Mp4;
    return Container::Unknown;
}
} // namespace

std::optional<Mp4FrameTiming> mp4FrameTiming(const std::filesystem::path& file)
{
    const File f(file);
    if (containerOf(f) != Container::Mp4)
        return std::nullopt;
    return edits::mp4Timing(f);
}

std::optional<std::int64_t> countVideoFrames(const std::filesystem::path& file)
{
    const File f(file);
    switch (containerOf(f)) {
    case Container::Matroska: return countMatroska(f);
    case Container::Avi: return countAvi(f);
    case Container::Mp4: return countMp4(f);
    case Container::Unknown: break;
    }
    return std::nullopt;
}

} // namespace insolepose
