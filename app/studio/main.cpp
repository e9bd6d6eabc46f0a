// insolepose-studio: the desktop application.
#include "LiveController.h"
#include "PlaybackClock.h"
#include "PredictionController.h"
#include "ReviewController.h"
#include "StudioWindow.h"
#include "Translations.h"
#include "insolepose/Session.h"
#include "insolepose/Version.h"
#include "insolepose/widgets/SkeletonView.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv)
{
    insolepose::SkeletonView::prepareDefaultSurfaceFormat();
    // --help and --version open no window: they work without a display (man pages are made so).
    for (int i = 1; i < argc; ++i)
        for (const char* info : {"-h", "--help", "--help-all", "-v", "--version"})
            if (std::strcmp(argv[i], info) == 0 && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("InsolePose Studio"));
    QApplication::setOrganizationName(QStringLiteral("InsolePose"));
    QApplication::setApplicationVersion(QString::fromLatin1(insolepose::kVersionString));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Review smart-insole sessions: pressure, video and 3D pose."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("session"), QStringLiteral("Session folder to open."),
                                 QStringLiteral("[session]"));
    const QCommandLineOption atOpt(QStringLiteral("at"), QStringLiteral("Start with the cursor at SEC seconds."),
                                   QStringLiteral("SEC"));
    const QCommandLineOption shotOpt(QStringLiteral("screenshot"),
                                     QStringLiteral("Save a picture of the window to FILE and quit."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption modelOpt(
        QStringLiteral("model"),
        QStringLiteral("Model for Predict session and live predictions (default: the last one used, "
                       "else the bundled demo model; live: the bundled causal model)."),
        QStringLiteral("FILE"));
    const QCommandLineOption liveOpt(
        QStringLiteral("simulate"),
        QStringLiteral("Start in live mode against the simulator (streaming the session, if one is given)."));
    const QCommandLineOption playOpt(QStringLiteral("play"), QStringLiteral("Start playing."));
    const QCommandLineOption languageOpt(
        QStringLiteral("language"),
        QStringLiteral("Language of the window, e.g. de or ko (default: as chosen in Settings, else the system's)."),
        QStringLiteral("CODE"));
    parser.addOptions({atOpt, shotOpt, modelOpt, liveOpt, playOpt, languageOpt});
    parser.process(app);
    insolepose::installTranslations(app, insolepose::studioLocale(parser.value(languageOpt)));

    // --at is checked before any window opens: a NaN or 1e30 never becomes a cursor time.
    double at_s = 0;
    if (parser.isSet(atOpt)) {
        bool ok = false;
        at_s = parser.value(atOpt).toDouble(&ok);
        if (!ok || !std::isfinite(at_s) || at_s < 0 || at_s > 1e7) {
            std::fprintf(stderr, "insolepose-studio: --at '%s': must be a finite number from 0 to 10000000\n",
                         qPrintable(parser.value(atOpt)));
            return 2;
        }
    }

    insolepose::StudioWindow window;
    window.show();
    window.activateWindow(); // the keys work at once, also where no window manager activates it
    // A screenshot run (docs, tests) leaves File > Open recent as it was: the session it pictures is
    // not one the user opened.
    window.review()->setKeepsRecent(!parser.isSet(shotOpt));
    // The session named on the command line must open: otherwise the error (naming the folder)
    // goes to stderr as well as the message box, and the studio's exit code is 1 (at once with
    // --screenshot, which would otherwise picture an empty window and report success).
    bool sessionFailed = false;
    if (!parser.positionalArguments().isEmpty()) {
        // A session's session.json (the desktop's file association) opens its folder.
        QString folder = parser.positionalArguments().constFirst();
        if (const QFileInfo file(folder); file.isFile() && file.fileName() == QLatin1String("session.json"))
            folder = file.absolutePath();
        if (window.openSession(folder)) {
            if (parser.isSet(atOpt))
                // --at is a time on the session clock, not from where the session opens (its first data).
                window.clock()->setCursor(window.review()->session()->timeRange().first +
                                          insolepose::secondsToNs(at_s));
        } else {
            sessionFailed = true;
            std::fprintf(stderr, "insolepose-studio: cannot open session %s: %s\n", qPrintable(folder),
                         qPrintable(window.lastError()));
            if (parser.isSet(shotOpt))
                return 1;
        }
    }
    if (parser.isSet(modelOpt)) {
        window.prediction()->setModelFile(parser.value(modelOpt));
        window.live()->setLiveModelFile(parser.value(modelOpt));
    }
    if (parser.isSet(liveOpt))
        window.live()->startSimulator();
    if (parser.isSet(playOpt))
        window.clock()->play();
    if (parser.isSet(shotOpt)) {
        const int delay = parser.isSet(liveOpt) ? 9000 : 1500; // live: 40 frames per foot first
        QTimer::singleShot(delay, &window, [&] {
            const bool ok = window.grabWindow().save(parser.value(shotOpt));
            if (!ok)
                std::fprintf(stderr, "insolepose-studio: cannot save %s\n", qPrintable(parser.value(shotOpt)));
            QApplication::exit(ok ? 0 : 1);
        });
    }
    const int rc = QApplication::exec();
    return rc == 0 && sessionFailed ? 1 : rc;
}
