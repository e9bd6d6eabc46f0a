#pragma once
// Label exchange files: CSV (start_s,end_s,label,track), our JSON (the labels.json format) and ELAN
// .eaf (EAF 3.0, one tier per track). File times are seconds (CSV) or milliseconds (EAF) from the
// session's start (Session::timeRange().first); JSON keeps session-clock nanoseconds. Importing
// validates the whole file against the session's tracks before anything is changed: a bad file
// throws Error naming the file, the line (CSV, EAF) or the segment (JSON) and what is wrong.
// Format details: docs/LABELS.md.
#include "insolepose/Labels.h"
#include "insolepose/Time.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace insolepose {

class Session;

enum class LabelFormat { Csv, Json, Eaf };

/// "csv", "json" or "eaf"; empty for anything else.
std::optional<LabelFormat> labelFormatFromName(const std::string& name);
/// The format named by a file's extension (.csv, .json, .eaf). Throws Error naming the file otherwise.
LabelFormat labelFormatForPath(const std::filesystem::path& file);

/// What an exchange file is relative to.
struct ExchangeContext {
    TimeNs origin_ns = 0; ///< Session-clock time of file time 0 (CSV, EAF).
    std::string mediaUrl; ///< EAF MEDIA_DESCRIPTOR: a file:// URL of the first camera video, or of the session folder.
    std::string mimeType; ///< Of mediaUrl.
};
/// The context of a session: its start and first camera video (or its folder).
ExchangeContext exchangeContext(const Session& session);

/// Writes the tracks (all of them, in order) to `file` atomically. Throws IoError naming the file.
void exportLabels(const std::filesystem::path& file, LabelFormat format, const std::vector<LabelTrack>& tracks,
                  const ExchangeContext& context);
/// The file's contents as text (what exportLabels writes).
std::string labelsToText(LabelFormat format, const std::vector<LabelTrack>& tracks, const ExchangeContext& context);

struct ImportOptions {
    /// Only this track: rows / tiers / tracks of other names are left out; a CSV without a track
    /// column is read into it. Empty: every track of the file (a CSV then needs a track column).
    std::string track;
    bool addLabels = false; ///< Labels missing from a track's vocabulary are added instead of refused.
    bool replace = false; ///< The imported tracks' segments replace the existing ones instead of being added.
};

/// Reads `file` and applies it to `existing` (the session's tracks): returns the tracks as they
/// are after the import. New tracks get the default vocabulary (JSON: the file's). Throws Error
/// naming the file and line when the file is malformed, has wrong columns, a segment ending before
/// it starts, a label missing from its track's vocabulary (unless addLabels), segments that overlap
/// each other or the track's existing ones, or targets a locked track. `existing` is never changed.
std::vector<LabelTrack> importLabels(const std::filesystem::path& file, LabelFormat format,
                                     const std::vector<LabelTrack>& existing, const ExchangeContext& context,
                                     const ImportOptions& options = {});

} // namespace insolepose
