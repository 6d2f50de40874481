#!/usr/bin/env bash
# Prints the three documents of `fazhan print` from a small branch made here (two students
# walked to their admission meeting by batch entry, one correction, one voided event, a name
# with "<" in it) and renders each in headless Chromium with check-report-html.sh: a PNG of
# the page and the PDF, for a look before they are filed.
#
#   scripts/check-documents.sh [OUT_DIR]      # writes OUT_DIR/{record,notice,vote}.{html,png,pdf}
#
# Uses $FAZHAN, else .build/debug/fazhan (built when missing). check-report-html.sh installs
# chromium and the Noto CJK fonts when missing (as root). Exits non-zero when a command fails,
# a page lacks what it must hold, or Chromium renders nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${1:-$(mktemp -d /tmp/fazhan-documents.XXXXXX)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

fazhan=${FAZHAN:-$root/.build/debug/fazhan}
if [[ ! -x $fazhan ]]; then
    echo "+ swift build --product fazhan"
    swift build --product fazhan
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export FAZHAN_DB=$work/branch.sqlite FAZHAN_WORKFLOWS=$root/workflows FAZHAN_TODAY=2026-11-20 FAZHAN_KEY=$work/branch.key
unset FAZHAN_SERVER FAZHAN_TOKEN
f() { "$fazhan" "$@" >/dev/null; }
both=(--people 2023001,2023002)

f init --workflow university
f org add U --name 某大学党委 --kind committee
f org add CS --name 计算机学院党总支 --kind general-branch --parent U
f org add CS-S1 --name 计算机学院本科生第一党支部 --kind branch --parent CS --category student
f person add --number 2023001 --name 张三 --org CS-S1 --category student --birth 2003-01-01 --gender male \
    --league-member --level undergraduate --grade 2021 --id-number 110101200301011234 --ethnicity 汉族
f person add --number 2023002 --name '李<四>' --org CS-S1 --category student --birth 2003-05-02 --gender female \
    --league-member --level undergraduate --grade 2021 --ethnicity 回族
f person add --number 2023003 --name 王五 --org CS-S1 --category student --birth 2004-02-10 --gender male \
    --league-member --level undergraduate --grade 2022

# The two walk together, by batch, except for what is each person's own (names, votes).
f record "${both[@]}" submit_application --on 2023-03-01
f record "${both[@]}" initial_talk --on 2023-03-15 --names 陈书记
f correct 3 --on 2023-03-16 --reason "谈话记录日期有误"
f record "${both[@]}" thought_report --on 2023-06-01
f record 2023001 thought_report --on 2023-06-01
f correct 8 --void --reason "重复录入"
f record "${both[@]}" recommendation --on 2023-08-20 --method league
f record "${both[@]}" public_notice --on 2023-09-08 --node activist --from 2023-09-04 --to 2023-09-08
f record "${both[@]}" designate_activist --on 2023-09-15
f record "${both[@]}" file_activist --on 2023-09-20
f record 2023001 assign_mentors --on 2023-09-20 --names 王老师,李老师 --statement 均为正式党员，未受留党察看处分
f record 2023002 assign_mentors --on 2023-09-20 --names 赵老师,钱老师 --statement 均为正式党员，未受留党察看处分
f record "${both[@]}" activist_assessment --on 2024-03-15
f record "${both[@]}" activist_assessment --on 2024-09-02
f record "${both[@]}" public_notice --on 2024-09-06 --node candidate --from 2024-09-02 --to 2024-09-06
f record "${both[@]}" file_candidate --on 2024-09-12 --result pass
f record "${both[@]}" designate_candidate --on 2024-09-20
f record 2023001 assign_introducers --on 2024-09-25 --names 王老师,李老师 --statement 均为正式党员，未受留党察看处分
f record 2023002 assign_introducers --on 2024-09-25 --names 赵老师,钱老师 --statement 均为正式党员，未受留党察看处分
f record "${both[@]}" political_review --on 2024-10-15 --result pass
f record "${both[@]}" concentrated_training --on 2024-10-20 --days 3
f record "${both[@]}" branch_committee_review --on 2024-11-01
f record "${both[@]}" pre_review --on 2024-11-04
f record "${both[@]}" public_notice --on 2024-11-11 --node admission --from 2024-11-05 --to 2024-11-11
f record "${both[@]}" fill_volunteer_form --on 2024-11-15
f record "${both[@]}" defense --on 2024-11-18 --result pass
# One branch meeting: 张三's vote passes, 李<四>'s does not (4 of the 9 who should attend).
f record 2023001 admission_meeting --on 2024-11-20 --expected 9 --present 8 --for 8
f record 2023002 admission_meeting --on 2024-11-20 --expected 9 --present 6 --for 4 --against 1 --abstain 1

"$fazhan" print record 2023001 --output "$out/record.html" --force
"$fazhan" print notice --node 确定入党积极分子 2023003 2023001 2023002 --from 2026-11-23 --output "$out/notice.html" --force
"$fazhan" print vote --org CS-S1 --on 2024-11-20 --output "$out/vote.html" --force

# What each page must hold.
need() { grep -qF -- "$2" "$out/$1" || { echo "$1 lacks: $2" >&2; exit 1; }; }
need record.html 发展党员全程纪实表; need record.html "更正 #3"; need record.html "撤销 #8"; need record.html "<b>R2</b>"
need notice.html "2026年11月23日至2026年11月27日（5个工作日）"; need notice.html "李&lt;四&gt;"
need vote.html 支部大会表决情况记录; need vote.html ">未通过<"; need vote.html ">通过<"

for name in record notice vote; do
    scripts/check-report-html.sh "$out/$name.html" "$out/$name.png"
    if command -v pdftotext >/dev/null; then
        text=$(pdftotext "$out/$name.pdf" -)
        [[ -n ${text//[[:space:]]/} ]] || { echo "$name.pdf holds no text" >&2; exit 1; }
    fi
done
echo "documents: $out/record.png $out/notice.png $out/vote.png"
