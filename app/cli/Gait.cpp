// insolepose gait: gait events, steps, summaries, pressure charts and a one-page report of a
// session (docs/GAIT.md).
#include "Commands.h"

#include "insolepose/Error.h"
#include "insolepose/SessionReader.h"
#include "insolepose/analysis/Gait.h"
#include "insolepose/report/GaitReport.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cmath>
#include <filesystem>

namespace insolepose::cli {

int runGait(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Detect heel strikes and toe offs from each insole's load (threshold with hysteresis), and write "
        "steps.csv, summary.json, gait_events.json, PNG charts and a one-page report.pdf into DIR."));
    parser.addPositionalArgument("SESSION", "The session folder (read only).");
    const QCommandLineOption outOpt("out", "Output folder (created).", "DIR");
    const QCommandLineOption thresholdOpt("threshold",
                                          "Contact threshold as a fraction of the local load range above "
                                          "its minimum (default 0.10).",
                                          "F", "0.10");
    const QCommandLineOption hysteresisOpt("hysteresis", "Hysteresis as a fraction of the range (default 0.05).", "F",
                                           "0.05");
    parser.addOptions({outOpt, thresholdOpt, hysteresisOpt});
    int rc = 0;
    if (!parseCommand(parser, args, "gait", rc))
        return rc;
    QTextStream err(stderr), out(stdout);
    if (parser.positionalArguments().size() != 1 || !parser.isSet(outOpt)) {
        err << "insolepose gait: need SESSION and --out DIR\n";
        return 2;
    }
    const auto threshold = numberOption(parser, thresholdOpt, 0.01, 0.9, "gait");
    const auto hysteresis = numberOption(parser, hysteresisOpt, 0.0, 0.5, "gait");
    if (!threshold || !hysteresis)
        return 2;
    if (*hysteresis / 2 >= *threshold) {
        err << "insolepose gait: --hysteresis must be less than twice --threshold\n";
        return 2;
    }
    try {
        const Session session = openSession(parser.positionalArguments().front().toStdString());
        analysis::GaitOptions options;
        options.thresholdFraction = *threshold;
        options.hysteresisFraction = *hysteresis;
        const analysis::GaitAnalysis gait = analysis::analyzeGait(session, options);
        const auto files = report::writeGaitOutputs(parser.value(outOpt).toStdString(), session, gait);
        const analysis::GaitSummary& g = gait.session;
        out << "steps: " << g.totalSteps << " (left " << g.steps[Foot::Left] << ", right " << g.steps[Foot::Right]
            << ", incomplete " << g.incompleteSteps << ")\n";
        out << "cadence: "
            << (std::isfinite(g.cadence_steps_per_min) ? QString::number(g.cadence_steps_per_min, 'f', 1) : "-")
            << " steps/min\n";
        if (const auto truth = session.path() / analysis::kTrueGaitEventsFile; std::filesystem::exists(truth)) {
            const auto trueEvents = analysis::readGaitEvents(truth);
            for (auto kind : {analysis::GaitEventKind::HeelStrike, analysis::GaitEventKind::ToeOff}) {
                const auto s = analysis::scoreEvents(trueEvents, gait.events, kind);
                out << "vs true " << analysis::gaitEventKindName(kind).data() << ": median |error| "
                    << QString::number(s.median_abs_ms(), 'f', 1) << " ms, p95 "
                    << QString::number(s.p95_abs_ms(), 'f', 1) << " ms, true " << s.truth << ", missed " << s.missed
                    << ", extra " << s.extra << '\n';
            }
        }
        for (const std::string& note : gait.notes)
            out << "note: " << QString::fromStdString(note) << '\n';
        for (const auto& f : files)
            out << "wrote " << QString::fromStdString(f.string()) << '\n';
    } catch (const Error& e) {
        err << "insolepose gait: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        err << "insolepose gait: " << e.what() << '\n';
        return 1;
    }
    return 0;
}

} // namespace insolepose::cli
