// insolepose compare: ground truth against a session's stored predictions, written as CSV tables,
// PNG charts and a one-page PDF (report::writeComparison; docs/STUDIO.md, "Comparison").
#include "Commands.h"

#include "insolepose/Error.h"
#include "insolepose/SessionReader.h"
#include "insolepose/report/ComparisonReport.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace insolepose::cli {

int runCompare(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Compare the ground truth with stored predictions: per joint, body region, "
                                     "axis and action (MPJPE, PA-MPJPE), the worst frames; CSV, PNG and PDF.");
    parser.addPositionalArgument("session", "Session folder.");
    const QCommandLineOption outOpt("out", "Folder to write the tables, charts and report.pdf into.", "DIR");
    const QCommandLineOption modelOpt("model", "Predictions to compare (default: the first stored).", "NAME");
    const QCommandLineOption againstOpt("against", "Second predictions, compared side by side.", "NAME");
    const QCommandLineOption trackOpt("label-track", "Label track for the split by action (default: the first).",
                                      "NAME");
    const QCommandLineOption worstOpt("worst", "How many worst frames to list (default 20).", "N", "20");
    parser.addOptions({outOpt, modelOpt, againstOpt, trackOpt, worstOpt});
    int rc = 0;
    if (!parseCommand(parser, args, "compare", rc))
        return rc;
    QTextStream err(stderr), out(stdout);
    if (parser.positionalArguments().size() != 1 || !parser.isSet(outOpt)) {
        err << "insolepose compare: need SESSION and --out DIR\n";
        return 2;
    }
    const auto worst = integerOption(parser, worstOpt, 1, 100000, "compare");
    if (!worst)
        return 2;
    try {
        const Session s = openSession(parser.positionalArguments().constFirst().toStdString());
        report::ComparisonInput in =
            report::comparisonInput(s, parser.value(modelOpt).toStdString(), parser.value(againstOpt).toStdString(),
                                    parser.value(trackOpt).toStdString());
        in.worstCount = std::size_t(*worst);
        report::writeComparison(parser.value(outOpt).toStdString(), in);
        const analysis::ErrorStats st = analysis::summarize(in.primary);
        out << QString::fromStdString(in.primary.model) << ": " << st.frames << " frames, MPJPE "
            << QString::number(st.raw.mean_cm, 'f', 2) << " cm, PA-MPJPE "
            << QString::number(st.aligned.mean_cm, 'f', 2) << " cm\nwrote " << parser.value(outOpt) << "\n";
        return 0;
    } catch (const std::exception& e) { // Error or a file system error: a message and exit 1
        err << "insolepose compare: " << e.what() << "\n";
        return 1;
    }
}

} // namespace insolepose::cli
