// insolepose-studio: the desktop application.
#include "insolepose/Version.h"
#include "insolepose/widgets/SkeletonView.h"
#include "insolepose/widgets/StudioWindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char** argv)
{
    insolepose::SkeletonView::prepareDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("InsolePose Studio"));
    QApplication::setOrganizationName(QStringLiteral("InsolePose"));
    QApplication::setApplicationVersion(QString::fromLatin1(insolepose::kVersionString));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Review smart-insole sessions: pressure, video and 3D pose."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("session"), QStringLiteral("Session folder to open."), QStringLiteral("[session]"));
    parser.process(app);

    insolepose::StudioWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openSession(parser.positionalArguments().constFirst());
    return QApplication::exec();
}
