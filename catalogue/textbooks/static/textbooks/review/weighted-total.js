// The reviewer's weighted total while scoring (textbooks/review/assignment.html), computed as the server does on
// save (review/criteria.py weighted_total): each score's share of its maximum times its weight; blanks count 0.
(function () {
    const output = document.querySelector("[data-role=weighted-total-value]");
    if (!output) return;
    const inputs = document.querySelectorAll("input[data-score]");
    function update() {
        let total = 0;
        inputs.forEach(function (input) {
            const points = Number(input.value);
            const maximum = Number(input.dataset.max);
            if (input.value !== "" && points >= 0 && points <= maximum) {
                total += (points * Number(input.dataset.weight)) / maximum;
            }
        });
        output.textContent = total.toFixed(1);
    }
    inputs.forEach(function (input) {
        input.addEventListener("input", update);
    });
    update();
})();
