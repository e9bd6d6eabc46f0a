// Fuzzes session.json parsing (core/base/src/Session.cpp: SessionMetadata::fromJson, with
// Calibration::fromJson and parseInsoleSize under it) on the input as the file's text.
//
// Promises checked:
//  - no crash or sanitizer report: a session.json is either rejected with FormatError or read;
//  - what is read survives being written back and read again (toJson, the file's text, fromJson):
//    ids, notes, insole sizes, calibrations and every sync offset, exactly.
#include "FuzzCommon.h"

#include "insolepose/Error.h"
#include "insolepose/Session.h"

#include <algorithm>

using namespace insolepose;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::optional<QJsonObject> json = fuzz::jsonObject(data, size);
    if (!json)
        return 0;
    SessionMetadata m;
    try {
        m = SessionMetadata::fromJson(*json);
    } catch (const Error&) {
        return 0;
    }
    SessionMetadata again;
    try {
        again = SessionMetadata::fromJson(fuzz::throughText(m.toJson()));
    } catch (const Error& e) {
        fuzz::broken(std::string("session.json written from accepted metadata is rejected: ") + e.what());
    }
    fuzz::check(again.id == m.id && again.subjectId == m.subjectId && again.createdUtc == m.createdUtc &&
                    again.appVersion == m.appVersion && again.notes == m.notes,
                "session.json text fields change when written and read back");
    for (Foot f : kFeet)
        fuzz::check(again.insoles[f].size == m.insoles[f].size &&
                        again.insoles[f].calibration == m.insoles[f].calibration,
                    "insoles." + std::string(footName(f)) + " changes when written and read back");
    // Offsets are a JSON object: written back they are unique and in key order.
    std::vector<std::pair<std::string, TimeNs>> offsets;
    for (const auto& entry : m.syncOffsets_ns) {
        std::erase_if(offsets, [&](const auto& o) { return o.first == entry.first; });
        offsets.push_back(entry);
    }
    std::sort(offsets.begin(), offsets.end());
    std::vector<std::pair<std::string, TimeNs>> read = again.syncOffsets_ns;
    std::sort(read.begin(), read.end());
    fuzz::check(read == offsets, "sync_offsets_ns change when written and read back");
    for (const auto& [name, offset] : m.syncOffsets_ns)
        fuzz::check(again.syncOffset(name) == offset, "sync offset of '" + name +
                                                          "' changes: " + std::to_string(offset) + " ns became " +
                                                          std::to_string(again.syncOffset(name)) + " ns");
    return 0;
}
