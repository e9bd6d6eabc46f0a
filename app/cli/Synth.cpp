// insolepose synth and insolepose snapshot.
#include "Commands.h"

#include "insolepose/Error.h"
#include "insolepose/SessionReader.h"
#include "insolepose/media/Snapshot.h"
#include "insolepose/synth/SynthDataset.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTextStream>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>

namespace insolepose::cli {
namespace {

void printProgress(const synth::SynthProgress& p, const QElapsedTimer& clock)
{
    static qint64 lastDrawn_ms = -1000;
    if (p.done < p.total && clock.elapsed() - lastDrawn_ms < 250)
        return; // redraw four times a second
    lastDrawn_ms = clock.elapsed();
    const double frac = p.total ? double(p.done) / double(p.total) : 1.0;
    const int width = 30;
    const int filled = int(frac * width);
    const double elapsed = clock.elapsed() / 1000.0;
    const double eta = frac > 0.01 ? elapsed * (1.0 - frac) / frac : 0.0;
    std::fprintf(stderr, "\r[%s%s] %3d%%  %-24s  %4.0fs elapsed, ETA %4.0fs",
                 std::string(std::size_t(filled), '#').c_str(), std::string(std::size_t(width - filled), '-').c_str(),
                 int(frac * 100), p.session.c_str(), elapsed, eta);
    std::fflush(stderr);
}

std::uintmax_t folderBytes(const std::filesystem::path& dir)
{
    std::uintmax_t n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            n += e.file_size();
    return n;
}

} // namespace

int runSynth(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Generate synthetic sessions: people squatting, lunging, warming up and walking (forward, in place, "
        "backward, sideways), with insole pressure at ~14 Hz, keypoints at 30 Hz, action labels and camera video."));
    const QCommandLineOption outOpt("out", "Output folder.", "DIR");
    const QCommandLineOption subjectsOpt("subjects", "Number of subjects (default 5).", "N", "5");
    const QCommandLineOption actionsOpt("actions",
                                        "'all' or a comma list of squat, lunge, warm-up, walking, walking-in-place, "
                                        "backward-walking, side-walking (default all).",
                                        "LIST", "all");
    const QCommandLineOption minutesOpt("minutes-per-action", "Minutes of each action (default 2).", "MIN", "2");
    const QCommandLineOption seedOpt("seed", "Random seed (default 7).", "N", "7");
    const QCommandLineOption camerasOpt("cameras", "Cameras per session (default 1).", "N", "1");
    const QCommandLineOption noVideoOpt("no-video", "Write no camera video.");
    const QCommandLineOption mixedOpt("mixed", "One session per subject with every action in turn.");
    const QCommandLineOption gestureOpt("sync-gesture",
                                        "Start each session with a jump or a stomp to synchronise video and pressure "
                                        "by (none, jump or stomp; default none).",
                                        "G", "none");
    parser.addOptions(
        {outOpt, subjectsOpt, actionsOpt, minutesOpt, seedOpt, camerasOpt, noVideoOpt, mixedOpt, gestureOpt});
    int rc = 0;
    if (!parseCommand(parser, args, "synth", rc))
        return rc;
    QTextStream err(stderr), out(stdout);
    if (!parser.isSet(outOpt)) {
        err << "insolepose synth: need --out DIR\n";
        return 2;
    }
    const auto subjects = integerOption(parser, subjectsOpt, 1, 1000, "synth");
    const auto minutes = numberOption(parser, minutesOpt, 0.001, 600, "synth");
    const auto seed = integerOption(parser, seedOpt, 0, std::numeric_limits<std::uint32_t>::max(), "synth");
    const auto cameras = integerOption(parser, camerasOpt, 0, 8, "synth");
    if (!subjects || !minutes || !seed || !cameras)
        return 2;
    synth::SynthOptions o;
    o.subjects = int(*subjects);
    o.minutesPerAction = *minutes;
    o.seed = std::uint32_t(*seed);
    o.cameras = int(*cameras);
    o.video = !parser.isSet(noVideoOpt);
    o.mixed = parser.isSet(mixedOpt);
    const auto gesture = synth::parseSyncGesture(parser.value(gestureOpt).toStdString());
    if (!gesture) {
        err << "insolepose synth: unknown --sync-gesture '" << parser.value(gestureOpt)
            << "' (choose none, jump or stomp)\n";
        return 2;
    }
    o.syncGesture = *gesture;
    if (parser.value(actionsOpt) != "all") {
        o.actions.clear();
        for (const QString& name : parser.value(actionsOpt).split(',', Qt::SkipEmptyParts)) {
            const auto a = synth::parseAction(name.trimmed().toStdString());
            if (!a) {
                err << "insolepose synth: unknown action '" << name.trimmed()
                    << "' (choose from squat, lunge, warm-up, walking, walking-in-place, backward-walking, "
                       "side-walking)\n";
                return 2;
            }
            o.actions.push_back(*a);
        }
    }
    try {
        QElapsedTimer clock;
        clock.start();
        const std::filesystem::path dir = parser.value(outOpt).toStdString();
        const auto report =
            synth::writeSynthDataset(dir, o, [&](const synth::SynthProgress& p) { printProgress(p, clock); });
        std::fprintf(stderr, "\n");
        out << "wrote " << report.sessions.size() << " sessions to " << parser.value(outOpt) << ": "
            << report.tactileFrames << " tactile frames, " << report.keypointFrames << " keypoint frames, "
            << report.videoFrames << " video frames, " << double(folderBytes(dir)) / (1 << 20) << " MiB in "
            << clock.elapsed() / 1000.0 << " s\n";
        return 0;
    } catch (const Error& e) {
        err << "\ninsolepose synth: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) { // e.g. a file system error: a message and exit 1, never an abort
        err << "insolepose synth: " << e.what() << "\n";
        return 1;
    }
}

int runSnapshot(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Save a camera frame and both pressure maps at one time as a PNG.");
    parser.addPositionalArgument("session", "Session folder.");
    const QCommandLineOption atOpt("at", "Time in seconds from the session's start (default 0).", "SEC", "0");
    const QCommandLineOption outOpt("out", "PNG file to write.", "PNG");
    const QCommandLineOption camOpt("camera", "Camera index (default 0).", "N", "0");
    parser.addOptions({atOpt, outOpt, camOpt});
    int rc = 0;
    if (!parseCommand(parser, args, "snapshot", rc))
        return rc;
    QTextStream err(stderr), out(stdout);
    if (parser.positionalArguments().size() != 1 || !parser.isSet(outOpt)) {
        err << "insolepose snapshot: need SESSION and --out PNG\n";
        return 2;
    }
    const auto at = numberOption(parser, atOpt, 0, 1e7, "snapshot");
    const auto camera = integerOption(parser, camOpt, 0, 63, "snapshot");
    if (!at || !camera)
        return 2;
    try {
        const Session s = openSession(parser.positionalArguments().constFirst().toStdString());
        const auto [start, end] = s.timeRange();
        const double length_s = nsToSeconds(end - start);
        if (*at > length_s) {
            err << "insolepose snapshot: --at " << parser.value(atOpt) << ": after the end of the session ("
                << QString::number(length_s, 'f', 3) << " s long)\n";
            return 2;
        }
        if (parser.isSet(camOpt) && std::size_t(*camera) >= s.cameras().size()) {
            err << "insolepose snapshot: --camera " << *camera << ": the session has " << s.cameras().size()
                << " camera(s)\n";
            return 2;
        }
        writeSnapshot(s, start + secondsToNs(*at), parser.value(outOpt).toStdString(), std::size_t(*camera));
        out << "wrote " << parser.value(outOpt) << "\n";
        return 0;
    } catch (const Error& e) {
        err << "insolepose snapshot: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) { // e.g. a file system error: a message and exit 1, never an abort
        err << "insolepose snapshot: " << e.what() << "\n";
        return 1;
    }
}

} // namespace insolepose::cli
