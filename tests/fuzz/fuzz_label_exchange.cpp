// Fuzzes label exchange files (core/base/src/LabelExchange.cpp: importLabels, labelsToText) on the
// input as a file: the first byte chooses the format (CSV, JSON, EAF) and the import options, the
// rest is the file's bytes. The session already holds one track ("actions", the default
// vocabulary, one segment), as in the studio.
//
// Promises checked:
//  - no crash or sanitizer report; a bad file gives insolepose::Error, never another exception;
//  - the existing tracks are never changed, and an import keeps every segment they had (unless
//    `replace`) while adding no track twice;
//  - every imported track is valid: segments end after they start, are sorted, do not overlap, and
//    their labels are in the track's vocabulary;
//  - what an import gives is exported again in the same format, and that file imports into an
//    empty session with the same tracks, segments (times within 1 ms for CSV and EAF, whose file
//    times are seconds and milliseconds) and labels.
#include "FuzzCommon.h"

#include "insolepose/Error.h"
#include "insolepose/LabelExchange.h"

#include <cstdlib>
#include <fstream>

using namespace insolepose;

namespace {

void checkTracks(const std::vector<LabelTrack>& tracks, const std::string& what)
{
    for (std::size_t t = 0; t < tracks.size(); ++t) {
        const auto& segs = tracks[t].segments();
        const auto& vocabulary = tracks[t].vocabulary();
        for (std::size_t t2 = 0; t2 < t; ++t2)
            fuzz::check(tracks[t2].name() != tracks[t].name(), what + ": track '" + tracks[t].name() + "' twice");
        for (std::size_t i = 0; i < segs.size(); ++i) {
            const std::string at = what + ": track '" + tracks[t].name() + "' segment " + std::to_string(i);
            fuzz::check(segs[i].end_ns > segs[i].start_ns, at + " ends before it starts");
            fuzz::check(std::find(vocabulary.begin(), vocabulary.end(), segs[i].label) != vocabulary.end(),
                        at + "'s label is not in the vocabulary");
            fuzz::check(i == 0 || segs[i - 1].end_ns <= segs[i].start_ns, at + " overlaps the one before");
        }
    }
}

void write(const std::filesystem::path& file, const std::string& text)
{
    std::ofstream f(file, std::ios::binary | std::ios::trunc);
    f.write(text.data(), std::streamsize(text.size()));
    fuzz::check(bool(f), "cannot write " + file.string());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::uint8_t choice = data[0];
    const LabelFormat format = std::array{LabelFormat::Csv, LabelFormat::Json, LabelFormat::Eaf}[choice % 3];
    ImportOptions options;
    options.addLabels = (choice >> 2) & 1;
    options.replace = (choice >> 3) & 1;
    if ((choice >> 4) & 1)
        options.track = "actions";
    const char* extension = format == LabelFormat::Csv    ? "labels.csv"
                            : format == LabelFormat::Json ? "labels.json"
                                                          : "labels.eaf";
    const std::filesystem::path file = fuzz::scratchDir() / extension;
    write(file, std::string(reinterpret_cast<const char*>(data) + 1, size - 1));

    LabelTrack actions("actions");
    actions.insert({1'000'000'000, 2'000'000'000, "walking", "", ""});
    const std::vector<LabelTrack> existing{actions};
    const ExchangeContext context{500'000'000, "file:///session/cameras/cam0.mp4", "video/mp4"};

    std::vector<LabelTrack> imported;
    try {
        imported = importLabels(file, format, existing, context, options);
    } catch (const Error&) {
        fuzz::check(existing.size() == 1 && existing[0] == actions, "a refused import changed the existing tracks");
        return 0;
    }
    fuzz::check(existing.size() == 1 && existing[0] == actions, "the import changed the existing tracks");
    checkTracks(imported, "imported");
    const auto kept =
        std::find_if(imported.begin(), imported.end(), [](const LabelTrack& t) { return t.name() == "actions"; });
    fuzz::check(kept != imported.end(), "the import lost the existing track 'actions'");
    if (!options.replace)
        fuzz::check(std::find(kept->segments().begin(), kept->segments().end(), actions.segments()[0]) !=
                        kept->segments().end(),
                    "the import dropped the existing segment of 'actions'");

    // Export and import again, into an empty session.
    const std::filesystem::path again = fuzz::scratchDir() / (std::string("again-") + extension);
    write(again, labelsToText(format, imported, context));
    std::vector<LabelTrack> back;
    try {
        ImportOptions all;
        all.addLabels = true;
        back = importLabels(again, format, {}, context, all);
    } catch (const Error& e) {
        fuzz::broken(std::string("an exported file does not import: ") + e.what());
    }
    checkTracks(back, "re-imported");
    const TimeNs slack = format == LabelFormat::Json ? 0 : 1'000'000;
    for (const LabelTrack& t : imported) {
        if (t.segments().empty() && format == LabelFormat::Csv)
            continue; // a CSV has rows, not tracks: an empty track has nothing to write
        const auto b =
            std::find_if(back.begin(), back.end(), [&](const LabelTrack& x) { return x.name() == t.name(); });
        fuzz::check(b != back.end(), "track '" + t.name() + "' is lost when exported and imported again");
        fuzz::check(b->segments().size() == t.segments().size(),
                    "track '" + t.name() + "' has " + std::to_string(t.segments().size()) + " segments, " +
                        std::to_string(b->segments().size()) + " after export and import");
        for (std::size_t i = 0; i < t.segments().size(); ++i) {
            const LabelSegment &x = t.segments()[i], &y = b->segments()[i];
            fuzz::check(x.label == y.label && std::llabs(x.start_ns - y.start_ns) <= slack &&
                            std::llabs(x.end_ns - y.end_ns) <= slack,
                        "track '" + t.name() + "' segment " + std::to_string(i) +
                            " changes when exported and imported");
        }
    }
    return 0;
}
