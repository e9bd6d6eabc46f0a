// The studio's language: the choice (--language, Settings, system) and the installed translations
// reaching the window (docs/TRANSLATING.md).
#include "SettingsDialog.h"
#include "StudioWindow.h"
#include "Translations.h"
#include "insolepose/widgets/SkeletonView.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QTranslator>
#include <QtTest>

#include <algorithm>

using namespace insolepose;

namespace {

QStringList menuTitles(const StudioWindow& window)
{
    QStringList titles;
    for (QAction* a : window.menuBar()->actions())
        titles << a->text();
    return titles;
}

} // namespace

class TestLanguage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // Settings of this test only, never the user's.
        QCoreApplication::setOrganizationName(QStringLiteral("InsolePoseLanguageTest"));
        QSettings().clear();
    }
    void cleanupTestCase()
    {
        QSettings().clear();
        installTranslations(*QCoreApplication::instance(), QLocale(QLocale::English));
    }

    void choiceOrder()
    {
        QSettings().remove(QStringLiteral("ui/language"));
        QCOMPARE(studioLocale().name(), QLocale::system().name());
        QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("de"));
        QCOMPARE(studioLocale().language(), QLocale::German);
        QCOMPARE(studioLocale(QStringLiteral("ko")).language(), QLocale::Korean); // --language wins
        QSettings().remove(QStringLiteral("ui/language"));
    }

    void settingsDialogStoresTheChoice()
    {
        SettingsDialog dialog;
        auto* box = dialog.findChild<QComboBox*>();
        QVERIFY(box);
        box->setCurrentIndex(box->findData(QStringLiteral("ko")));
        QVERIFY(dialog.apply()); // changed
        QCOMPARE(studioLocale().language(), QLocale::Korean);
        QVERIFY(!dialog.apply()); // the same again: no change
        box->setCurrentIndex(box->findData(QString()));
        QVERIFY(dialog.apply());
        QVERIFY(!QSettings().contains(QStringLiteral("ui/language")));
    }

    void windowSpeaksTheLanguage_data()
    {
        QTest::addColumn<QString>("code");
        QTest::newRow("German") << QStringLiteral("de");
        QTest::newRow("Korean") << QStringLiteral("ko");
    }
    void windowSpeaksTheLanguage()
    {
        QFETCH(QString, code);
        QVERIFY(installTranslations(*QCoreApplication::instance(), QLocale(QLocale::English)) == false);
        QStringList english;
        {
            StudioWindow window;
            english = menuTitles(window);
        }
        QVERIFY(english.contains(QStringLiteral("&File")));
        QVERIFY2(installTranslations(*QCoreApplication::instance(), QLocale(code)),
                 qPrintable("no translation found for " + code));
        StudioWindow window;
        const QStringList translated = menuTitles(window);
        QCOMPARE(translated.size(), english.size());
        // Each menu shows its entry of the language's catalogue (which may equal the English word:
        // "&Labels" is German too), and most differ from English.
        QTranslator catalogue;
        QVERIFY(
            catalogue.load(QLocale(code), QStringLiteral("insolepose"), QStringLiteral("_"), QStringLiteral(":/i18n")));
        int different = 0;
        for (int i = 0; i < english.size(); ++i) {
            const QString expected = catalogue.translate("insolepose::StudioWindow", english[i].toUtf8().constData());
            QVERIFY2(
                !expected.isEmpty() && translated[i] == expected,
                qPrintable(
                    QStringLiteral("menu %1 shows %2, catalogue has '%3'").arg(english[i], translated[i], expected)));
            different += translated[i] != english[i];
        }
        QVERIFY(different > english.size() / 2);
        // The 3D rows' captions: VTK 9.1 draws only ASCII, so other text is shown in a label row.
        const QString caption = catalogue.translate("StudioPanels", "Ground truth");
        QVERIFY(!caption.isEmpty());
        const auto* label = window.groundTruthView()->findChild<QLabel*>(QStringLiteral("captionLabel"));
        QVERIFY(label);
        const bool ascii = std::all_of(caption.begin(), caption.end(), [](QChar c) { return c.unicode() < 0x80; });
        QCOMPARE(label->isVisibleTo(window.groundTruthView()), !ascii);
        QCOMPARE(label->text(), caption);
        QCOMPARE(QLocale().language(), QLocale(code).language());
    }
};

QTEST_MAIN(TestLanguage)
#include "test_language.moc"
