#include "AboutDialog.h"

#include "insolepose/Version.h"

#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace insolepose {

namespace {

struct Dependency {
    const char* name;
    const char* version; ///< As found when the studio was built (app/CMakeLists.txt).
    const char* licence;
    const char* debianPackage; ///< Whose /usr/share/doc/<package>/copyright has the full text.
};

// The versions come from CMake's find_package results; the licences are those of the Debian 12
// packages the studio links.
constexpr Dependency kDependencies[] = {
    {"Qt", INSOLEPOSE_QT_VERSION, "LGPL-3.0 (also GPL-2.0/3.0)", "libqt6core6"},
    {"VTK", INSOLEPOSE_VTK_VERSION, "BSD-3-Clause", "libvtk9.1"},
    {"LibTorch (PyTorch)", INSOLEPOSE_TORCH_VERSION, "BSD-3-Clause", "libtorch1.13"},
    {"OpenCV", INSOLEPOSE_OPENCV_VERSION, "Apache-2.0", "libopencv-core406"},
    {"Eigen", INSOLEPOSE_EIGEN_VERSION, "MPL-2.0", "libeigen3-dev"},
    {"zlib", INSOLEPOSE_ZLIB_VERSION, "Zlib", "zlib1g"},
};

} // namespace

QString AboutDialog::text()
{
    QString html = tr("<h2>InsolePose Studio %1</h2>"
                      "<p>3D human pose from smart-insole foot pressure: record, label, train, evaluate and "
                      "compare.</p>")
                       .arg(QString::fromLatin1(kVersionString));
    html += tr("<p>Built with:</p>");
    html += QStringLiteral("<table cellpadding='3'><tr><th align='left'>%1</th><th align='left'>%2</th>"
                           "<th align='left'>%3</th></tr>")
                .arg(tr("Library"), tr("Version"), tr("Licence"));
    for (const Dependency& d : kDependencies)
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                    .arg(QString::fromLatin1(d.name), QString::fromLatin1(d.version), QString::fromLatin1(d.licence));
    html += QStringLiteral("</table>");
    html += tr("<p>Running on Qt %1. The full licence texts are in /usr/share/doc/&lt;package&gt;/copyright "
               "of each Debian package.</p>")
                .arg(QString::fromLatin1(qVersion()));
    return html;
}

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("About InsolePose Studio"));
    auto* layout = new QVBoxLayout(this);
    auto* browser = new QTextBrowser(this);
    browser->setHtml(text());
    browser->setOpenExternalLinks(true);
    layout->addWidget(browser);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(560, 420);
}

} // namespace insolepose
